//! `/network/cis/import`: one class's CIs from a CSV file (or pasted from a spreadsheet),
//! reviewed row by row before anything is written, and the same class exported as CSV.

use crate::cmdb::api::{apply_ci_import, ci_form_options, preview_ci_import};
use crate::cmdb::model::csv::{ImportAction, ImportPreview, FIXED_COLUMNS};
use crate::components::{title_of, ErrorBanner, PageTitle};
use crate::i18n::{t, use_i18n, Msg};
use leptos::prelude::*;

#[derive(Clone, PartialEq)]
struct Submission {
    class: String,
    text: String,
}

#[component]
pub fn CiImportPage() -> impl IntoView {
    let options = Resource::new(|| (), |_| ci_form_options());
    let locale = use_i18n().locale;
    let class = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let review = Action::new(|s: &Submission| preview_ci_import(s.class.clone(), s.text.clone()));
    let apply = Action::new(|s: &Submission| apply_ci_import(s.class.clone(), s.text.clone()));
    // A changed file or class needs a new review before it can be applied.
    let reviewed: RwSignal<Option<Submission>> = RwSignal::new(None);
    let current = move || Submission {
        class: class.get_untracked(),
        text: text.get_untracked(),
    };
    let ask_review = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        apply.value().set(None);
        reviewed.set(Some(current()));
        review.dispatch(current());
    };
    let stale = move || {
        reviewed.get().as_ref().map(|s| (&s.class, &s.text)) != Some((&class.get(), &text.get()))
    };
    let columns = move || {
        options.get().and_then(Result::ok).and_then(|o| {
            o.classes
                .into_iter()
                .find(|c| c.code == class.get())
                .map(|c| {
                    let mut all: Vec<String> =
                        FIXED_COLUMNS.iter().map(|s| s.to_string()).collect();
                    all.extend(c.attributes.into_iter().map(|a| a.key));
                    all.join(",")
                })
        })
    };
    view! {
        <PageTitle text=title_of(Msg::CiImportTitle)/>
        <p><a href="/network/cis">{t(Msg::BackToCis)}</a></p>
        <h1>{t(Msg::CiImportTitle)}</h1>
        <p class="muted">{t(Msg::CiImportIntro)}</p>
        <form class="panel form" on:submit=ask_review data-testid="ci-import-form">
            <div class="form-row">
                <div class="field">
                    <label for="import-class">{t(Msg::CiClassLabel)}</label>
                    <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                        {move || Suspend::new(async move {
                            let classes = options.await.map(|o| o.classes).unwrap_or_default();
                            let plain: Vec<_> = classes.into_iter().filter(|c| !c.managed).collect();
                            if class.get_untracked().is_empty() {
                                if let Some(first) = plain.first() { class.set(first.code.clone()); }
                            }
                            view! {
                                <select id="import-class" on:change=move |ev| class.set(event_target_value(&ev))>
                                    {plain.into_iter().map(|c| {
                                        let code = c.code.clone();
                                        view! { <option value=c.code.clone() selected=move || class.get() == code>{c.name(locale.get_untracked()).to_owned()}</option> }
                                    }).collect_view()}
                                </select>
                            }
                        })}
                    </Suspense>
                </div>
                <div class="field">
                    <span class="field-label">{t(Msg::CiExportCsv)}</span>
                    <a class="button" data-testid="ci-export" href=move || format!("/api/cmdb/{}/cis.csv", class.get()) download="">{t(Msg::CiExportCsv)}</a>
                </div>
            </div>
            <p class="field-hint">{t(Msg::CiImportColumns)}" "<code data-testid="import-columns">{columns}</code></p>
            <div class="field">
                <label for="import-file">{t(Msg::CiImportFile)}</label>
                <input id="import-file" type="file" accept=".csv,text/csv" on:change=move |ev| read_file(ev, text)/>
            </div>
            <div class="field">
                <label for="import-text">{t(Msg::CiImportText)}</label>
                <textarea id="import-text" rows="8" class="mono" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="button" disabled=move || review.pending().get()>{t(Msg::CiImportReview)}</button>
        </form>
        {move || review.value().get().map(|result| match result {
            Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
            Ok(preview) => view! { <ReviewTable preview=preview/> }.into_any(),
        })}
        {move || {
            let clean = review.value().get().and_then(Result::ok).is_some_and(|p| p.is_clean() && !p.rows.is_empty());
            (clean && !stale()).then(|| view! {
                <button type="button" class="button button-primary" data-testid="ci-import-apply"
                    disabled=move || apply.pending().get()
                    on:click=move |_| { apply.dispatch(current()); }>{t(Msg::CiImportApply)}</button>
            })
        }}
        {move || apply.value().get().map(|result| match result {
            Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
            Ok(done) => view! {
                <div class="banner banner-success" role="status" data-testid="ci-import-done">
                    {t(Msg::CiImportDone)}" "{format!("+{} / ~{}", done.created, done.updated)}
                </div>
            }.into_any(),
        })}
    }
}

#[component]
fn ReviewTable(preview: ImportPreview) -> impl IntoView {
    let counts = format!(
        "+{} · ~{} · ={}",
        preview.count(ImportAction::Create),
        preview.count(ImportAction::Update),
        preview.count(ImportAction::Unchanged)
    );
    let clean = preview.is_clean();
    view! {
        <section class="panel" data-testid="ci-import-review">
            <h2>{t(Msg::CiImportReviewTitle)}</h2>
            {preview.file_errors.iter().map(|m| view! {
                <div class="banner banner-error" role="alert">{t(*m)}</div>
            }).collect_view()}
            {(!preview.ignored_columns.is_empty()).then(|| view! {
                <p class="muted">{t(Msg::CiImportIgnored)}" "{preview.ignored_columns.join(", ")}</p>
            })}
            <p data-testid="ci-import-counts">{counts}" "
                {if clean { t(Msg::CiImportClean).into_any() } else { view! { <strong>{t(Msg::ValCsvFixErrors)}</strong> }.into_any() }}
            </p>
            <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th scope="col">{t(Msg::CiImportLine)}</th>
                    <th scope="col">{t(Msg::CiCode)}</th>
                    <th scope="col">{t(Msg::ColName)}</th>
                    <th scope="col">{t(Msg::CiImportAction)}</th>
                    <th scope="col">{t(Msg::CiImportErrors)}</th>
                </tr></thead>
                <tbody>
                    {preview.rows.into_iter().map(|row| {
                        let action = match row.action {
                            ImportAction::Create => Msg::CiImportCreate,
                            ImportAction::Update => Msg::CiImportUpdate,
                            ImportAction::Unchanged => Msg::CiImportUnchanged,
                        };
                        view! {
                            <tr data-line=row.line class:row-error=!row.errors.is_empty()>
                                <td>{row.line}</td>
                                <td><code>{row.code.clone()}</code></td>
                                <td>{row.name.clone()}</td>
                                <td>{t(action)}</td>
                                <td>{row.errors.iter().map(|(field, msg)| view! {
                                    <div class="field-error"><code>{field.clone()}</code>": "{t(*msg)}</div>
                                }).collect_view()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}

/// Reads the picked file into `into` (in the browser; the server renders no file).
fn read_file(ev: leptos::ev::Event, into: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        let Some(file) = input.and_then(|i| i.files()).and_then(|files| files.get(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(value) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                into.set(value.as_string().unwrap_or_default());
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, into);
}
