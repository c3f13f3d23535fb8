/**
 * The seeded demo's neighbourhoods (server/src/seed/households.rs): the default
 * SIMPUL_DEMO_HOUSEHOLDS=295 puts 99 households in Jakarta, 98 in Bekasi and 98 in Depok,
 * beside the five named demo customers (Siti and Yohana are in Bekasi).
 */
export const BEKASI_LINES = 2 + 98;
