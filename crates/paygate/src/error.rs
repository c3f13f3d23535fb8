/// Why a call to a gateway did not give an answer the caller can use.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The gateway could not be reached or did not answer in time: try again later.
    #[error("gateway unreachable: {0}")]
    Unreachable(String),
    /// The gateway answered and refused the request (bad key, duplicate order id, invalid
    /// field). `message` is the gateway's own text, for staff and logs.
    #[error("gateway refused the request ({status}): {message}")]
    Rejected { status: u16, message: String },
    /// The gateway answered something this client cannot read.
    #[error("gateway answer not understood: {0}")]
    Malformed(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl From<reqwest::Error> for Error {
    fn from(error: reqwest::Error) -> Self {
        if error.is_decode() {
            Error::Malformed(error.to_string())
        } else {
            Error::Unreachable(error.to_string())
        }
    }
}
