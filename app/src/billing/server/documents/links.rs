//! Signed links to documents, for messages: a customer opens the invoice PDF from WhatsApp
//! or email without signing in. The link names one document, expires, and is signed with
//! a key derived from the server's secret key, so it cannot be altered to reach another.

use crate::billing::model::documents::{pdf_path, DocKind};
use crate::secrets::SecretBox;
use chrono::{DateTime, Duration, Utc};

const PURPOSE: &str = "document-link";
/// Long enough to pay a monthly invoice late and still open it from the message.
pub const LINK_LIFETIME_DAYS: i64 = 120;

fn tag(secrets: &SecretBox, kind: DocKind, id: i64, expires: i64) -> String {
    let message = format!("{}:{id}:{expires}", kind.segment());
    secrets
        .mac(PURPOSE, message.as_bytes())
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `/documents/invoices/42/pdf?exp=…&sig=…`, valid for [`LINK_LIFETIME_DAYS`] from `now`.
pub fn signed_pdf_path(secrets: &SecretBox, kind: DocKind, id: i64, now: DateTime<Utc>) -> String {
    let expires = (now + Duration::days(LINK_LIFETIME_DAYS)).timestamp();
    format!(
        "{}?exp={expires}&sig={}",
        pdf_path(kind, id),
        tag(secrets, kind, id, expires)
    )
}

/// Whether `exp` and `sig` from a link grant access to this document now.
pub fn verify(
    secrets: &SecretBox,
    kind: DocKind,
    id: i64,
    exp: &str,
    sig: &str,
    now: DateTime<Utc>,
) -> bool {
    let Ok(expires) = exp.parse::<i64>() else {
        return false;
    };
    if expires < now.timestamp() {
        return false;
    }
    let expected = tag(secrets, kind, id, expires);
    // Constant time: the comparison must not reveal how much of a guess was right.
    expected.len() == sig.len()
        && expected
            .bytes()
            .zip(sig.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(path: &str) -> (String, String) {
        let query = path.split_once('?').unwrap().1;
        let mut exp = String::new();
        let mut sig = String::new();
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap();
            match k {
                "exp" => exp = v.into(),
                "sig" => sig = v.into(),
                _ => {}
            }
        }
        (exp, sig)
    }

    #[test]
    fn a_link_opens_its_document_only_until_it_expires() {
        let secrets = SecretBox::from_key([3; 32]);
        let now = Utc::now();
        let path = signed_pdf_path(&secrets, DocKind::Invoice, 42, now);
        assert!(path.starts_with("/documents/invoices/42/pdf?exp="));
        let (exp, sig) = parts(&path);
        assert!(verify(&secrets, DocKind::Invoice, 42, &exp, &sig, now));
        assert!(
            !verify(&secrets, DocKind::Invoice, 43, &exp, &sig, now),
            "other id"
        );
        assert!(
            !verify(&secrets, DocKind::Receipt, 42, &exp, &sig, now),
            "other kind"
        );
        let later = now + Duration::days(LINK_LIFETIME_DAYS + 1);
        assert!(
            !verify(&secrets, DocKind::Invoice, 42, &exp, &sig, later),
            "expired"
        );
        let extended = (exp.parse::<i64>().unwrap() + 86_400).to_string();
        assert!(
            !verify(&secrets, DocKind::Invoice, 42, &extended, &sig, now),
            "exp altered"
        );
        let other_key = SecretBox::from_key([4; 32]);
        assert!(!verify(&other_key, DocKind::Invoice, 42, &exp, &sig, now));
        assert!(!verify(&secrets, DocKind::Invoice, 42, "soon", &sig, now));
        assert!(!verify(&secrets, DocKind::Invoice, 42, &exp, "", now));
    }
}
