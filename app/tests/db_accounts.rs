//! Database behaviour of accounts, sessions, throttling and the audit log. Each test gets a
//! fresh database with all migrations (`#[sqlx::test]`).
#![cfg(feature = "ssr")]

use app::auth::model::Role;
use app::auth::server::{service as auth, sessions, tokens};
use app::error::{AppError, FieldErrors};
use app::i18n::Msg;
use app::request::{Actor, AuthSettings};
use app::users::model::UserFields;
use app::users::server::service as users;
use sqlx::PgPool;

const PASSWORD: &str = "correct horse battery";

fn fields(username: &str, roles: &[Role]) -> UserFields {
    UserFields {
        username: username.into(),
        email: format!("{username}@isp.test"),
        full_name: format!("User {username}"),
        roles: roles.to_vec(),
    }
}

fn client(ip: &str) -> auth::ClientMeta {
    auth::ClientMeta {
        ip: ip.into(),
        user_agent: Some("test".into()),
        previous_session: None,
    }
}

/// Creates an account with the test password as the system.
async fn add_user(db: &PgPool, username: &str, roles: &[Role]) -> app::users::model::UserView {
    users::create(db, &Actor::system(), fields(username, roles), PASSWORD)
        .await
        .expect("create user")
}

/// The reset token inside the `n`-th (0-based, oldest first) outbox message.
async fn reset_token(db: &PgPool, n: i64) -> String {
    let body: String =
        sqlx::query_scalar("SELECT body FROM outbox_messages ORDER BY id LIMIT 1 OFFSET $1")
            .bind(n)
            .fetch_one(db)
            .await
            .expect("outbox message");
    body.split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("link in the message")
        .to_owned()
}

fn field_error(err: app::error::server::ServiceError) -> FieldErrors {
    match AppError::from(err) {
        AppError::Validation(errors) => errors,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn audit_actions(db: &PgPool, entity_id: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id")
        .bind(entity_id.to_string())
        .fetch_all(db)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn creating_a_user_hashes_the_password_and_audits(db: PgPool) {
    let admin = Actor::system();
    let user = users::create(&db, &admin, fields("Dewi", &[Role::Agent]), PASSWORD)
        .await
        .unwrap();
    assert_eq!(user.username, "dewi", "usernames are stored lower-case");
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.id.0)
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$"));
    assert!(!hash.contains(PASSWORD));

    let (action, after): (String, serde_json::Value) = sqlx::query_as(
        "SELECT action, after FROM audit_log WHERE entity = 'user' AND entity_id = $1",
    )
    .bind(user.id.0.to_string())
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(action, "user.create");
    assert_eq!(after["username"], "dewi");
    assert!(
        after.get("password_hash").is_none(),
        "secrets never reach the audit log"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn emails_and_usernames_are_unique_case_insensitively(db: PgPool) {
    let actor = Actor::system();
    users::create(&db, &actor, fields("dewi", &[Role::Agent]), PASSWORD)
        .await
        .unwrap();

    let mut same_email = fields("dewi2", &[Role::Agent]);
    same_email.email = "DEWI@isp.test".into();
    let errors = field_error(
        users::create(&db, &actor, same_email, PASSWORD)
            .await
            .unwrap_err(),
    );
    assert_eq!(errors.get("email"), Some(Msg::ValEmailTaken));

    let mut same_name = fields("dewi", &[Role::Agent]);
    same_name.email = "other@isp.test".into();
    let errors = field_error(
        users::create(&db, &actor, same_name, PASSWORD)
            .await
            .unwrap_err(),
    );
    assert_eq!(errors.get("username"), Some(Msg::ValUsernameTaken));

    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn invalid_input_is_refused_field_by_field(db: PgPool) {
    let bad = UserFields {
        username: "x".into(),
        email: "nope".into(),
        full_name: " ".into(),
        roles: vec![Role::Customer, Role::Agent],
    };
    let errors = field_error(
        users::create(&db, &Actor::system(), bad, "short")
            .await
            .unwrap_err(),
    );
    assert_eq!(errors.get("username"), Some(Msg::ValUsernameInvalid));
    assert_eq!(errors.get("email"), Some(Msg::ValEmailInvalid));
    assert_eq!(errors.get("full_name"), Some(Msg::ValRequired));
    assert_eq!(errors.get("roles"), Some(Msg::ValCustomerRoleExclusive));
    assert_eq!(errors.get("password"), Some(Msg::ValPasswordTooShort));
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_in_creates_a_session_that_resolves_until_it_expires(db: PgPool) {
    add_user(&db, "joko", &[Role::Technician]).await;
    let settings = AuthSettings::default();

    let signed_in = auth::login(
        &db,
        &settings,
        "JOKO@isp.test",
        PASSWORD,
        &client("10.0.0.1"),
    )
    .await
    .unwrap();
    let (_, user) = sessions::resolve(&db, &signed_in.token, &settings)
        .await
        .unwrap()
        .expect("live session");
    assert_eq!(user.user.username, "joko");
    assert_eq!(user.user.roles, vec![Role::Technician]);

    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions WHERE token_hash = $1")
        .bind(tokens::hash(&signed_in.token))
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stored, 1, "only the hash of the token is stored");

    // Idle expiry passed.
    sqlx::query("UPDATE sessions SET idle_expires_at = now() - interval '1 second'")
        .execute(&db)
        .await
        .unwrap();
    assert!(sessions::resolve(&db, &signed_in.token, &settings)
        .await
        .unwrap()
        .is_none());

    // Absolute expiry passed even though the session is still in use.
    let again = auth::login(&db, &settings, "joko", PASSWORD, &client("10.0.0.1"))
        .await
        .unwrap();
    sqlx::query("UPDATE sessions SET absolute_expires_at = now() - interval '1 second' WHERE idle_expires_at > now()")
        .execute(&db)
        .await
        .unwrap();
    assert!(sessions::resolve(&db, &again.token, &settings)
        .await
        .unwrap()
        .is_none());

    assert_eq!(sessions::purge_expired(&db).await.unwrap(), 2);
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_in_replaces_the_previous_session(db: PgPool) {
    add_user(&db, "siti", &[Role::Customer]).await;
    let settings = AuthSettings::default();
    let first = auth::login(&db, &settings, "siti", PASSWORD, &client("10.0.0.2"))
        .await
        .unwrap();
    let mut meta = client("10.0.0.2");
    meta.previous_session = Some(tokens::hash(&first.token));
    let second = auth::login(&db, &settings, "siti", PASSWORD, &meta)
        .await
        .unwrap();
    assert_ne!(first.token, second.token);
    assert!(
        sessions::resolve(&db, &first.token, &settings)
            .await
            .unwrap()
            .is_none(),
        "old token is dead"
    );
    assert!(sessions::resolve(&db, &second.token, &settings)
        .await
        .unwrap()
        .is_some());
}

#[sqlx::test(migrations = "../migrations")]
async fn wrong_passwords_and_unknown_accounts_look_the_same(db: PgPool) {
    add_user(&db, "agus", &[Role::Agent]).await;
    let settings = AuthSettings::default();
    let wrong = auth::login(
        &db,
        &settings,
        "agus",
        "wrong password!",
        &client("10.0.0.3"),
    )
    .await
    .unwrap_err();
    let unknown = auth::login(
        &db,
        &settings,
        "nobody",
        "wrong password!",
        &client("10.0.0.3"),
    )
    .await
    .unwrap_err();
    assert_eq!(AppError::from(wrong), AppError::from(unknown));
}

#[sqlx::test(migrations = "../migrations")]
async fn repeated_failures_lock_the_account_name_then_clear(db: PgPool) {
    add_user(&db, "eko", &[Role::Technician]).await;
    let mut settings = AuthSettings::default();
    settings.throttle.max_failures_per_account = 3;
    for _ in 0..3 {
        let err = auth::login(&db, &settings, "eko", "bad password 1", &client("10.0.0.4"))
            .await
            .unwrap_err();
        assert!(matches!(AppError::from(err), AppError::Validation(_)));
    }
    // Locked now, even with the right password and from another address.
    let err = auth::login(&db, &settings, "eko", PASSWORD, &client("10.9.9.9"))
        .await
        .unwrap_err();
    match AppError::from(err) {
        AppError::TooManyRequests { retry_after_secs } => {
            assert!(retry_after_secs > 0 && retry_after_secs <= 900)
        }
        other => panic!("expected lockout, got {other:?}"),
    }
    // A name that does not exist locks the same way (no account enumeration).
    for _ in 0..3 {
        let _ = auth::login(
            &db,
            &settings,
            "ghost",
            "bad password 1",
            &client("10.0.0.5"),
        )
        .await;
    }
    let ghost = auth::login(
        &db,
        &settings,
        "ghost",
        "bad password 1",
        &client("10.0.0.5"),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        AppError::from(ghost),
        AppError::TooManyRequests { .. }
    ));

    // Once the window has passed the account works again.
    sqlx::query("UPDATE login_attempts SET at = at - interval '1 hour'")
        .execute(&db)
        .await
        .unwrap();
    auth::login(&db, &settings, "eko", PASSWORD, &client("10.0.0.4"))
        .await
        .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn one_address_failing_on_many_names_is_blocked(db: PgPool) {
    let mut settings = AuthSettings::default();
    settings.throttle.max_failures_per_ip = 4;
    for i in 0..4 {
        let _ = auth::login(
            &db,
            &settings,
            &format!("user{i}"),
            "bad password 1",
            &client("192.0.2.7"),
        )
        .await;
    }
    let err = auth::login(
        &db,
        &settings,
        "user9",
        "bad password 1",
        &client("192.0.2.7"),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        AppError::from(err),
        AppError::TooManyRequests { .. }
    ));
    let other_ip = auth::login(
        &db,
        &settings,
        "user9",
        "bad password 1",
        &client("192.0.2.8"),
    )
    .await
    .unwrap_err();
    assert!(matches!(AppError::from(other_ip), AppError::Validation(_)));
}

#[sqlx::test(migrations = "../migrations")]
async fn deactivation_ends_sessions_and_blocks_sign_in(db: PgPool) {
    let actor = Actor::system();
    let user = users::create(&db, &actor, fields("putu", &[Role::Technician]), PASSWORD)
        .await
        .unwrap();
    let settings = AuthSettings::default();
    let session = auth::login(&db, &settings, "putu", PASSWORD, &client("10.0.0.6"))
        .await
        .unwrap();
    users::set_active(&db, &actor, user.id, false)
        .await
        .unwrap();
    assert!(sessions::resolve(&db, &session.token, &settings)
        .await
        .unwrap()
        .is_none());
    assert!(
        auth::login(&db, &settings, "putu", PASSWORD, &client("10.0.0.6"))
            .await
            .is_err()
    );
    assert_eq!(
        audit_actions(&db, user.id.0).await,
        ["user.create", "auth.login", "user.deactivate"]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn admins_cannot_lock_themselves_out(db: PgPool) {
    let admin = add_user(&db, "rina", &[Role::Admin]).await;
    let me = Actor {
        user_id: Some(admin.id),
        roles: vec![Role::Admin],
        ..Actor::system()
    };
    let err = users::set_active(&db, &me, admin.id, false)
        .await
        .unwrap_err();
    assert_eq!(
        field_error(err).get("roles"),
        Some(Msg::ValCannotChangeOwnAccess)
    );
    let mut demote = fields("rina", &[Role::Agent]);
    demote.full_name = admin.full_name.clone();
    let err = users::update(&db, &me, admin.id, demote, admin.updated_at)
        .await
        .unwrap_err();
    assert_eq!(
        field_error(err).get("roles"),
        Some(Msg::ValCannotChangeOwnAccess)
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn stale_edits_are_refused(db: PgPool) {
    let actor = Actor::system();
    let user = users::create(&db, &actor, fields("made", &[Role::Agent]), PASSWORD)
        .await
        .unwrap();
    let mut edit = fields("made", &[Role::Agent, Role::Finance]);
    edit.full_name = "Made W".into();
    let saved = users::update(&db, &actor, user.id, edit.clone(), user.updated_at)
        .await
        .unwrap();
    assert_eq!(saved.roles, vec![Role::Agent, Role::Finance]);
    // A second form still holding the first version must not overwrite the change.
    let err = users::update(&db, &actor, user.id, edit, user.updated_at)
        .await
        .unwrap_err();
    assert_eq!(AppError::from(err), AppError::Conflict(Msg::ErrStaleData));
    let actions = audit_actions(&db, user.id.0).await;
    assert_eq!(actions, ["user.create", "user.update"]);
}

#[sqlx::test(migrations = "../migrations")]
async fn password_change_needs_the_current_one_and_ends_other_sessions(db: PgPool) {
    let user = add_user(&db, "sri", &[Role::Finance]).await;
    let settings = AuthSettings::default();
    let here = auth::login(&db, &settings, "sri", PASSWORD, &client("10.0.0.7"))
        .await
        .unwrap();
    let elsewhere = auth::login(&db, &settings, "sri", PASSWORD, &client("10.0.0.8"))
        .await
        .unwrap();
    let me = Actor {
        user_id: Some(user.id),
        roles: vec![Role::Finance],
        ..Actor::system()
    };

    let err = auth::change_password(
        &db,
        &me,
        "not my password",
        "brand new secret",
        "brand new secret",
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(
        field_error(err).get("current_password"),
        Some(Msg::ValWrongPassword)
    );
    let err = auth::change_password(
        &db,
        &me,
        PASSWORD,
        "brand new secret",
        "brand new secreT",
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(
        field_error(err).get("confirm_password"),
        Some(Msg::ValPasswordMismatch)
    );

    let keep = tokens::hash(&here.token);
    auth::change_password(
        &db,
        &me,
        PASSWORD,
        "brand new secret",
        "brand new secret",
        Some(&keep),
    )
    .await
    .unwrap();
    assert!(sessions::resolve(&db, &here.token, &settings)
        .await
        .unwrap()
        .is_some());
    assert!(sessions::resolve(&db, &elsewhere.token, &settings)
        .await
        .unwrap()
        .is_none());
    auth::login(
        &db,
        &settings,
        "sri",
        "brand new secret",
        &client("10.0.0.7"),
    )
    .await
    .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn reset_links_go_to_the_outbox_and_work_once(db: PgPool) {
    add_user(&db, "yohana", &[Role::Customer]).await;
    let settings = AuthSettings::default();
    let visitor = Actor::anonymous("10.0.0.9");

    // Unknown addresses get the same answer and queue nothing.
    auth::request_password_reset(&db, &settings, "nobody@isp.test", &visitor)
        .await
        .unwrap();
    auth::request_password_reset(&db, &settings, "YOHANA@isp.test", &visitor)
        .await
        .unwrap();
    let queued: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox_messages")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(queued, 1);
    let token = reset_token(&db, 0).await;

    let err = auth::reset_password(&db, &token, "short", "short", &visitor)
        .await
        .unwrap_err();
    assert_eq!(
        field_error(err).get("new_password"),
        Some(Msg::ValPasswordTooShort)
    );
    auth::reset_password(
        &db,
        &token,
        "a fresh password",
        "a fresh password",
        &visitor,
    )
    .await
    .unwrap();
    let again = auth::reset_password(
        &db,
        &token,
        "another password",
        "another password",
        &visitor,
    )
    .await
    .unwrap_err();
    assert_eq!(
        field_error(again).get("token"),
        Some(Msg::ResetTokenInvalid)
    );
    auth::login(
        &db,
        &settings,
        "yohana",
        "a fresh password",
        &client("10.0.0.9"),
    )
    .await
    .unwrap();

    // Expired links are refused too.
    auth::request_password_reset(&db, &settings, "yohana@isp.test", &visitor)
        .await
        .unwrap();
    let token = reset_token(&db, 1).await;
    sqlx::query("UPDATE password_reset_tokens SET expires_at = now() - interval '1 second'")
        .execute(&db)
        .await
        .unwrap();
    let expired = auth::reset_password(&db, &token, "third password!", "third password!", &visitor)
        .await
        .unwrap_err();
    assert_eq!(
        field_error(expired).get("token"),
        Some(Msg::ResetTokenInvalid)
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_audit_log_is_append_only(db: PgPool) {
    add_user(&db, "bambang", &[Role::Supervisor]).await;
    for statement in [
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let err = sqlx::query(statement).execute(&db).await.unwrap_err();
        assert!(
            err.to_string().contains("append-only"),
            "{statement}: {err}"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn user_list_pages_without_gaps_through_ties_and_non_ascii_names(db: PgPool) {
    let actor = Actor::system();
    let names = [
        "Ömar", "Ülrich", "Ana", "ana", "Ana", "Zed", "Émile", "Budi",
    ];
    for (i, name) in names.iter().enumerate() {
        let mut f = fields(&format!("user{i}"), &[Role::Agent]);
        f.full_name = (*name).into();
        users::create(&db, &actor, f, PASSWORD).await.unwrap();
    }
    users::create(&db, &actor, fields("cust", &[Role::Customer]), PASSWORD)
        .await
        .unwrap();
    let agents = || app::users::model::UserFilter {
        role: Some(Role::Agent),
        ..Default::default()
    };
    let everything: Vec<String> = users::list(&db, agents(), None, 100)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(everything.len(), names.len());

    let mut paged = Vec::new();
    let mut cursor = None;
    loop {
        let page = users::list(&db, agents(), cursor.as_deref(), 2)
            .await
            .unwrap();
        paged.extend(page.items.into_iter().map(|u| u.username));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(
        paged, everything,
        "pages of two, in order, none skipped or repeated"
    );

    let search = app::users::model::UserFilter {
        search: Some("CUST".into()),
        ..Default::default()
    };
    assert_eq!(
        users::list(&db, search, None, 10)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn parallel_guesses_cannot_pass_the_limit(db: PgPool) {
    add_user(&db, "joko", &[Role::Technician]).await;
    let mut settings = AuthSettings::default();
    settings.throttle.max_failures_per_account = 3;
    let attempts = (0..10).map(|i| {
        let (db, settings) = (db.clone(), settings.clone());
        tokio::spawn(async move {
            let ip = format!("10.1.0.{i}");
            auth::login(&db, &settings, "joko", "bad password 1", &client(&ip))
                .await
                .map_err(AppError::from)
        })
    });
    let mut wrong = 0;
    let mut locked = 0;
    for attempt in attempts.collect::<Vec<_>>() {
        match attempt.await.unwrap() {
            Err(AppError::Validation(_)) => wrong += 1,
            Err(AppError::TooManyRequests { .. }) => locked += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        (wrong, locked),
        (3, 7),
        "exactly the limit is checked against the hash"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_success_clears_the_failure_count(db: PgPool) {
    add_user(&db, "dewi", &[Role::Agent]).await;
    let mut settings = AuthSettings::default();
    settings.throttle.max_failures_per_account = 3;
    for _ in 0..2 {
        let _ = auth::login(
            &db,
            &settings,
            "dewi",
            "bad password 1",
            &client("10.2.0.1"),
        )
        .await;
    }
    auth::login(&db, &settings, "dewi", PASSWORD, &client("10.2.0.1"))
        .await
        .unwrap();
    for _ in 0..2 {
        let err = auth::login(
            &db,
            &settings,
            "dewi",
            "bad password 1",
            &client("10.2.0.1"),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(AppError::from(err), AppError::Validation(_)),
            "not locked yet"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn any_password_change_voids_outstanding_reset_links(db: PgPool) {
    let user = add_user(&db, "eko", &[Role::Technician]).await;
    let settings = AuthSettings::default();
    let visitor = Actor::anonymous("10.3.0.1");
    for _ in 0..2 {
        auth::request_password_reset(&db, &settings, "eko@isp.test", &visitor)
            .await
            .unwrap();
    }
    let (first, second) = (reset_token(&db, 0).await, reset_token(&db, 1).await);
    auth::reset_password(
        &db,
        &first,
        "a fresh password",
        "a fresh password",
        &visitor,
    )
    .await
    .unwrap();
    let err = auth::reset_password(&db, &second, "other password!", "other password!", &visitor)
        .await
        .unwrap_err();
    assert_eq!(
        field_error(err).get("token"),
        Some(Msg::ResetTokenInvalid),
        "sibling link died"
    );

    // An admin setting the password voids a link requested before.
    auth::request_password_reset(&db, &settings, "eko@isp.test", &visitor)
        .await
        .unwrap();
    let third = reset_token(&db, 2).await;
    users::set_password(&db, &Actor::system(), user.id, "admin set password")
        .await
        .unwrap();
    let err = auth::reset_password(&db, &third, "third password!", "third password!", &visitor)
        .await
        .unwrap_err();
    assert_eq!(field_error(err).get("token"), Some(Msg::ResetTokenInvalid));
}
