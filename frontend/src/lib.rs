//! WASM entry point: hydrates the server-rendered page. Nothing else lives here.
// Release builds keep full view types (debug builds erase them); the deepest pages need more
// than the default query depth when the compiler computes their layouts.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    app::shell::mark_hydrated();
}
