//! API-SSL as RouterOS offers it: with a (self-signed) certificate, or without one, where
//! only anonymous Diffie-Hellman suites are possible.

use openssl::asn1::Asn1Time;
use openssl::bn::{BigNum, MsbOption};
use openssl::dh::Dh;
use openssl::ec::{EcGroup, EcKey};
use openssl::error::ErrorStack;
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::PKey;
use openssl::ssl::{SslAcceptor, SslMethod, SslVersion};
use openssl::x509::{X509NameBuilder, X509};

pub fn acceptor(identity: &str, anonymous: bool) -> Result<SslAcceptor, ErrorStack> {
    let mut builder = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls())?;
    if anonymous {
        builder.set_cipher_list("ADH:AECDH:@SECLEVEL=0")?;
        let dh = Dh::get_2048_256()?;
        builder.set_tmp_dh(&dh)?;
        builder.set_max_proto_version(Some(SslVersion::TLS1_2))?;
    } else {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
        let key = PKey::from_ec_key(EcKey::generate(&group)?)?;
        let mut name = X509NameBuilder::new()?;
        name.append_entry_by_nid(Nid::COMMONNAME, identity)?;
        let name = name.build();
        let mut serial = BigNum::new()?;
        serial.rand(64, MsbOption::MAYBE_ZERO, false)?;
        let mut cert = X509::builder()?;
        cert.set_version(2)?;
        let serial = serial.to_asn1_integer()?;
        cert.set_serial_number(&serial)?;
        cert.set_subject_name(&name)?;
        cert.set_issuer_name(&name)?;
        cert.set_pubkey(&key)?;
        let (not_before, not_after) = (Asn1Time::days_from_now(0)?, Asn1Time::days_from_now(3650)?);
        cert.set_not_before(&not_before)?;
        cert.set_not_after(&not_after)?;
        cert.sign(&key, MessageDigest::sha256())?;
        builder.set_private_key(&key)?;
        builder.set_certificate(&cert.build())?;
    }
    Ok(builder.build())
}
