//! The one reader of every `koder` command's input (for the CLI; unused by the wasm module): regular files, pipes,
//! process substitution (`<(…)`), devices such as `/dev/zero` and stdin (`-`) are all read
//! through [`open`], which stops with an error naming the limit as soon as more bytes come
//! than the command accepts. Nothing is read past the limit, and a regular file that is too
//! large is refused before a byte is read.

use std::fs::File;
use std::io::{self, Read};

/// Largest claim file of `koder check` / `koder group` (JSON: one claim or an array).
pub const MAX_CLAIM_FILE_BYTES: u64 = 16 << 20;
/// Largest small side file (`--map @FILE`).
pub const MAX_SIDE_FILE_BYTES: u64 = 1 << 20;
/// Largest claims export read by `koder audit` (read as a stream, never held whole).
pub const MAX_AUDIT_FILE_BYTES: u64 = 4 << 30;

/// A reader of at most `max` bytes from a file, pipe, device or stdin.
pub struct Bounded {
    inner: Box<dyn Read>,
    left: u64,
    max: u64,
    path: String,
    /// The size of a regular file (for progress), when known.
    pub len: Option<u64>,
}

/// "16 MiB" for a limit in bytes.
fn human(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b => format!("{b} byte"),
    }
}

fn shown(path: &str) -> String {
    if path == "-" {
        return "stdin".into();
    }
    match path.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &path[..i]),
        None => path.to_string(),
    }
}

/// The message when input passes `max` bytes (Indonesian / English, the limit stated).
pub fn too_large(path: &str, max: u64) -> String {
    let (p, h) = (shown(path), human(max));
    format!("Masukan {p} melebihi batas {h} ({max} byte) / Input {p} is larger than the limit of {h} ({max} bytes)")
}

/// The message when input cannot be read.
pub fn cannot_read(path: &str, e: &io::Error) -> String {
    let p = shown(path);
    let (id, en) = match e.kind() {
        io::ErrorKind::NotFound => ("tidak ada", "not found"),
        io::ErrorKind::PermissionDenied => ("tidak ada izin membaca", "permission denied"),
        io::ErrorKind::IsADirectory => ("adalah direktori", "is a directory"),
        io::ErrorKind::InvalidData => ("bukan teks UTF-8", "is not UTF-8 text"),
        _ => ("gagal dibaca", "read error"),
    };
    format!("Berkas {p} {id} / Cannot read {p}: {en} ({e})")
}

/// Opens `path` (`-` = stdin) for reading at most `max` bytes.
pub fn open(path: &str, max: u64) -> Result<Bounded, String> {
    let (inner, len): (Box<dyn Read>, Option<u64>) = if path == "-" {
        (Box::new(io::stdin()), None)
    } else {
        let f = File::open(path).map_err(|e| cannot_read(path, &e))?;
        let meta = f.metadata().map_err(|e| cannot_read(path, &e))?;
        if meta.is_dir() {
            return Err(cannot_read(path, &io::Error::from(io::ErrorKind::IsADirectory)));
        }
        // Pipes and devices report no useful length; only a regular file's is trusted.
        let len = meta.is_file().then_some(meta.len());
        if len.is_some_and(|l| l > max) {
            return Err(too_large(path, max));
        }
        (Box::new(f), len)
    };
    Ok(Bounded { inner, left: max, max, path: path.to_string(), len })
}

impl Read for Bounded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            // At the limit: anything more is an error, the end of input is not.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(too_large(&self.path, self.max))),
            };
        }
        let want = buf.len().min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// Reads all of `path` (`-` = stdin), at most `max` bytes, as UTF-8 text.
pub fn read_to_string(path: &str, max: u64) -> Result<String, String> {
    let mut r = open(path, max)?;
    let mut bytes = Vec::with_capacity(r.len.unwrap_or(0).min(max) as usize);
    if let Err(e) = r.read_to_end(&mut bytes) {
        return Err(if e.kind() == io::ErrorKind::Other { e.to_string() } else { cannot_read(path, &e) });
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!("{} (byte {at})", cannot_read(path, &io::Error::from(io::ErrorKind::InvalidData)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_files_stop_at_the_limit() {
        let e = read_to_string("/dev/zero", 1000).unwrap_err();
        assert!(e.contains("melebihi batas 1000 byte") && e.contains("larger than the limit of 1000 byte"), "{e}");
        let dir = std::env::temp_dir().join(format!("koder-bounded-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("a.json");
        std::fs::write(&f, "x".repeat(2000)).unwrap();
        let p = f.to_str().unwrap();
        assert!(read_to_string(p, 1999).unwrap_err().contains("1999"));
        assert_eq!(read_to_string(p, 2000).unwrap().len(), 2000);
        std::fs::write(&f, b"ok\xff").unwrap();
        let e = read_to_string(p, 100).unwrap_err();
        assert!(e.contains("bukan teks UTF-8") && e.contains("(byte 2)"), "{e}");
        assert!(read_to_string(dir.to_str().unwrap(), 100).unwrap_err().contains("direktori"));
        assert!(read_to_string("/nonexistent/x.json", 100).unwrap_err().contains("tidak ada / Cannot read"));
        assert_eq!(human(16 << 20), "16 MiB");
        assert_eq!(human(4 << 30), "4 GiB");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
