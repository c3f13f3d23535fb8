//! The admin terminal: a read-only `print` on the router, rows shown as a table.

use crate::components::{ErrorBanner, FieldErrorsOf, FieldMessage};
use crate::i18n::{t, Msg};
use crate::nas::api::run_nas_terminal;
use leptos::prelude::*;

#[component]
pub fn TerminalPanel(nas_id: i64) -> impl IntoView {
    let line = RwSignal::new(String::from("/ppp/active/print"));
    let run = Action::new(move |line: &String| run_nas_terminal(nas_id, line.clone()));
    let error = Signal::derive(move || run.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run.dispatch(line.get_untracked());
    };
    view! {
        <section class="panel terminal" data-testid="terminal">
            <h2>{t(Msg::NasTerminal)}</h2>
            <p class="muted small">{t(Msg::NasTerminalHint)}</p>
            <form class="terminal-form" on:submit=submit>
                <label for="terminal-line" class="visually-hidden">{t(Msg::NasTerminalCommand)}</label>
                <input id="terminal-line" class="mono" type="text" spellcheck="false" autocomplete="off"
                    prop:value=move || line.get() on:input=move |ev| line.set(event_target_value(&ev))/>
                <button type="submit" class="button button-primary" disabled=move || run.pending().get()>{t(Msg::NasTerminalRun)}</button>
            </form>
            <FieldMessage error=errors.field("command")/>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            {move || run.value().get().and_then(Result::ok).map(|out| {
                let count = out.rows.len();
                view! {
                    <p class="muted small mono">{out.command.clone()} " → " {count} " " {t(Msg::NasRows)}
                        {out.ret.clone().map(|r| format!(" · ret={r}"))}</p>
                    <div class="table-wrap">
                    <table class="table table-compact mono" data-testid="terminal-output">
                        <thead><tr>{out.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {out.rows.into_iter().map(|row| view! {
                                <tr>{row.into_iter().map(|v| view! { <td>{v}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }
            })}
        </section>
    }
}
