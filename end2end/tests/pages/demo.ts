/**
 * The seeded demo's neighbourhoods (server/src/seed/households.rs): the default
 * SIMPUL_DEMO_HOUSEHOLDS=295 puts 99 households in Jakarta, 98 in Bekasi and 98 in Depok,
 * beside the five named demo customers (Siti and Yohana are in Bekasi).
 */
/** The Bekasi lines on the Bekasi OLT's plant (ODPs and ONTs). */
export const BEKASI_OLT_LINES = 2 + 98;
/**
 * Every line that depends on NAS Bekasi: those on the OLT and Rahmat's new line, which waits
 * for its installation (server/src/seed/field.rs) and has no ODP port yet.
 */
export const BEKASI_LINES = BEKASI_OLT_LINES + 1;
