//! The language server's framing over standard input and output, in place of
//! `lsp_server::Connection::stdio()`, whose reader allocates whatever `Content-Length` says
//! before a byte of the body arrives (4 GiB, or a "capacity overflow" panic for 2^63) and
//! stops the server on a body that is not JSON.
//!
//! Here a message larger than the cap (64 MiB unless `CF_TOKEN_LINT_LSP_MAX_MESSAGE` says
//! otherwise, in bytes) is answered with a JSON-RPC error and its body is skipped as it
//! arrives, never stored; a body that is not JSON gets `-32700` (parse error), one that is JSON
//! but not a message gets `-32600` (invalid request), and the server goes on with the next
//! message. Header lines are capped too.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;

use crossbeam_channel::{bounded, Sender};
use lsp_server::{Connection, Message};

/// The default cap on one message's body.
pub const DEFAULT_MAX_MESSAGE: u64 = 64 * 1024 * 1024;

/// The environment variable that changes the cap (a number of bytes).
pub const MAX_MESSAGE_VAR: &str = "CF_TOKEN_LINT_LSP_MAX_MESSAGE";

/// A header line longer than this is not a header.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// JSON-RPC's codes for a body that is not JSON, and for JSON that is not a request.
const PARSE_ERROR: i32 = -32700;
const INVALID_REQUEST: i32 = -32600;

/// The cap in force: the environment variable's, else [`DEFAULT_MAX_MESSAGE`].
pub fn max_message() -> u64 {
    std::env::var(MAX_MESSAGE_VAR)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(DEFAULT_MAX_MESSAGE)
}

/// The reader and writer threads; join them once the server is done.
pub struct Threads {
    reader: thread::JoinHandle<io::Result<()>>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl Threads {
    pub fn join(self) -> Result<(), String> {
        let reader = self.reader.join();
        let writer = self.writer.join();
        for (what, result) in [("reading", reader), ("writing", writer)] {
            match result {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(format!("language server, {what}: {e}")),
                Err(_) => return Err(format!("language server, {what}: the thread panicked")),
            }
        }
        Ok(())
    }
}

/// A connection over standard input and output with a cap of `max` bytes per message.
pub fn stdio(max: u64) -> (Connection, Threads) {
    connect(io::stdin(), io::stdout(), max)
}

/// A connection reading frames from `input` and writing them to `output`.
pub fn connect<R, W>(input: R, output: W, max: u64) -> (Connection, Threads)
where
    R: Read + Send + 'static,
    W: Write + Send + 'static,
{
    let output = Arc::new(Mutex::new(output));
    let (to_client, outgoing) = bounded::<Message>(0);
    let (incoming, from_client) = bounded::<Message>(0);
    let writer_output = output.clone();
    let writer = thread::spawn(move || -> io::Result<()> {
        for message in outgoing {
            let mut out = writer_output.lock().unwrap_or_else(|e| e.into_inner());
            message.write(&mut *out)?;
        }
        Ok(())
    });
    let reader = thread::spawn(move || read_loop(BufReader::new(input), &incoming, &output, max));
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        Threads { reader, writer },
    )
}

/// Reads frames until the input ends or the client says `exit`.
fn read_loop<W: Write>(
    mut input: impl BufRead,
    incoming: &Sender<Message>,
    output: &Mutex<W>,
    max: u64,
) -> io::Result<()> {
    let reply_error = |code: i32, id: serde_json::Value, message: String| -> io::Result<()> {
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {"code": code, "message": message},
        })
        .to_string();
        let mut out = output.lock().unwrap_or_else(|e| e.into_inner());
        write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        out.flush()
    };
    loop {
        let length = match read_headers(&mut input)? {
            Headers::End => return Ok(()),
            Headers::Length(n) => n,
            Headers::Bad(why) => {
                reply_error(PARSE_ERROR, serde_json::Value::Null, why)?;
                continue;
            }
        };
        if length > max {
            reply_error(
                PARSE_ERROR,
                serde_json::Value::Null,
                format!(
                    "message of {length} bytes is over the {max}-byte limit ({MAX_MESSAGE_VAR}); skipped"
                ),
            )?;
            // Skipped as it arrives, never stored.
            let skipped = io::copy(&mut (&mut input).take(length), &mut io::sink())?;
            if skipped < length {
                return Ok(());
            }
            continue;
        }
        let mut body = Vec::with_capacity(length as usize);
        (&mut input).take(length).read_to_end(&mut body)?;
        if (body.len() as u64) < length {
            return Ok(()); // The input ended inside a body.
        }
        let message = match serde_json::from_slice::<Message>(&body) {
            Ok(message) => message,
            Err(e) => {
                match serde_json::from_slice::<serde_json::Value>(&body) {
                    Err(e) => reply_error(
                        PARSE_ERROR,
                        serde_json::Value::Null,
                        format!("the message is not JSON: {e}"),
                    )?,
                    Ok(value) => {
                        let id = value
                            .get("id")
                            .filter(|id| id.is_number() || id.is_string())
                            .cloned()
                            .unwrap_or(serde_json::Value::Null);
                        reply_error(
                            INVALID_REQUEST,
                            id,
                            format!("not a JSON-RPC request, response or notification: {e}"),
                        )?
                    }
                }
                continue;
            }
        };
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if incoming.send(message).is_err() || exit {
            return Ok(());
        }
    }
}

enum Headers {
    /// The input ended between messages.
    End,
    Length(u64),
    /// Headers without a usable `Content-Length`.
    Bad(String),
}

/// Reads one header block, up to its empty line.
fn read_headers(input: &mut impl BufRead) -> io::Result<Headers> {
    let mut length = None;
    let mut bad = None;
    let mut any = false;
    loop {
        let mut line = Vec::new();
        input.take(MAX_HEADER_LINE).read_until(b'\n', &mut line)?;
        if line.is_empty() {
            return Ok(Headers::End);
        }
        if !line.ends_with(b"\n") {
            if (line.len() as u64) < MAX_HEADER_LINE {
                return Ok(Headers::End); // Input ended inside a header.
            }
            // Too long for a header: drop the rest of the line.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                let n = input.take(MAX_HEADER_LINE).read_until(b'\n', &mut rest)?;
                if n == 0 || rest.ends_with(b"\n") {
                    break;
                }
            }
            bad = Some(format!("a header line over {MAX_HEADER_LINE} bytes"));
            any = true;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !any {
                continue; // Blank lines between messages.
            }
            return Ok(match (length, bad) {
                (_, Some(why)) => Headers::Bad(why),
                (Some(n), None) => Headers::Length(n),
                (None, None) => Headers::Bad("a message without Content-Length".into()),
            });
        }
        any = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                match value.trim().parse::<u64>() {
                    Ok(n) => length = Some(n),
                    Err(_) => {
                        bad = Some(format!(
                            "Content-Length `{}` is not a number of bytes",
                            crate::text::printable(value.trim())
                        ))
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_frames_get_errors_and_the_next_message_still_arrives() {
        let exit = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let input = format!("Content-Length: 99999999999999\r\n\r\nxyz{}", frame(exit));
        let out = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = bounded(10);
        // The huge one skips the rest of the input; then a fresh reader for the others.
        read_loop(io::Cursor::new(input.into_bytes()), &tx, &*out, 1024).unwrap();
        let written = String::from_utf8(out.lock().unwrap().clone()).unwrap();
        assert!(written.contains("-32700"), "{written}");
        assert!(written.contains("over the 1024-byte limit"), "{written}");
        assert!(rx.try_recv().is_err(), "the skipped body held the rest");

        let input = format!(
            "Content-Length: 18446744073709551616\r\n\r\n{}{}{}",
            frame("not json"),
            frame(r#"{"id":7,"x":1}"#),
            frame(exit)
        );
        let out = Arc::new(Mutex::new(Vec::new()));
        read_loop(io::Cursor::new(input.into_bytes()), &tx, &*out, 1024).unwrap();
        let written = String::from_utf8(out.lock().unwrap().clone()).unwrap();
        assert_eq!(written.matches("-32700").count(), 2, "{written}");
        assert!(written.contains(r#""id":7"#), "{written}");
        assert!(written.contains("-32600"), "{written}");
        assert!(matches!(rx.try_recv(), Ok(Message::Notification(n)) if n.method == "exit"));
    }
}
