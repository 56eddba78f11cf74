//! Generated calls on the wire, against a local HTTP server that records each request and
//! plays back scripted responses. This file is copied into the crate generated from
//! `library.v1.json` and run there (see `tests/cli.rs`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use library::runtime::Client;
use library::v1::Library;

/// One request as the server read it.
#[derive(Debug, Clone)]
struct Recorded {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Recorded {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// A server on loopback that answers each connection with the next of `responses`
/// (status, content type, body), and records the requests.
fn serve(responses: Vec<(u16, &'static str, Vec<u8>)>) -> (String, Arc<Mutex<Vec<Recorded>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let root = format!("http://{}/", listener.local_addr().unwrap());
    let responses = responses
        .into_iter()
        .map(|(status, content_type, body)| {
            (status, vec![("Content-Type", content_type.to_owned())], body)
        })
        .collect();
    (root, serve_on(listener, responses))
}

/// A scripted response: status, headers, body.
type Reply = (u16, Vec<(&'static str, String)>, Vec<u8>);

/// Like [`serve`], on `listener`, with the headers of each response given in full.
fn serve_on(listener: TcpListener, responses: Vec<Reply>) -> Arc<Mutex<Vec<Recorded>>> {
    let recorded = Arc::new(Mutex::new(Vec::new()));
    let log = recorded.clone();
    std::thread::spawn(move || {
        for (status, response_headers, body) in responses {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (key, value) = line.split_once(':').unwrap();
                headers.push((key.trim().to_owned(), value.trim().to_owned()));
            }
            let length = headers
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, value)| value.parse().unwrap());
            let mut request_body = vec![0; length];
            reader.read_exact(&mut request_body).unwrap();
            log.lock().unwrap().push(Recorded {
                request_line: request_line.trim_end().to_owned(),
                headers,
                body: request_body,
            });
            let mut stream = reader.into_inner();
            let mut head = format!("HTTP/1.1 {status} X\r\n");
            for (name, value) in response_headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            ));
            stream.write_all(head.as_bytes()).unwrap();
            stream.write_all(&body).unwrap();
        }
    });
    recorded
}

fn hub(root: &str) -> Library {
    Library::with_client(Client::new().with_api_key("test-key")).with_root_url(root)
}

#[tokio::test]
async fn pages_follow_the_next_page_token_until_the_last_page() {
    let (root, recorded) = serve(vec![
        (
            200,
            "application/json",
            br#"{"books": [{"title": "One"}, {"title": "Two"}], "nextPageToken": "page 2"}"#.to_vec(),
        ),
        (200, "application/json", br#"{"books": [{"title": "Three"}], "nextPageToken": ""}"#.to_vec()),
    ]);
    let hub = hub(&root);
    let mut pages = hub
        .shelves()
        .books()
        .list("shelves/s1")
        .page_size(2)
        .pages();
    let first = pages.next_page().await.unwrap().unwrap();
    assert_eq!(first.books.len(), 2);
    let second = pages.next_page().await.unwrap().unwrap();
    assert_eq!(second.books[0].title.as_deref(), Some("Three"));
    assert!(pages.next_page().await.is_none(), "an empty token ends the pages");

    let recorded = recorded.lock().unwrap();
    assert_eq!(
        recorded[0].request_line,
        "GET /v1/shelves/s1/books?pageSize=2 HTTP/1.1"
    );
    assert_eq!(
        recorded[1].request_line,
        "GET /v1/shelves/s1/books?pageSize=2&pageToken=page%202 HTTP/1.1"
    );
    assert_eq!(recorded[1].header("x-goog-api-key"), Some("test-key"));
}

#[tokio::test]
async fn pages_are_a_stream_that_fetches_each_page_when_polled() {
    let (root, recorded) = serve(vec![
        (200, "application/json", br#"{"books": [{"title": "One"}], "nextPageToken": "2"}"#.to_vec()),
        (200, "application/json", br#"{"books": [{"title": "Two"}], "nextPageToken": "3"}"#.to_vec()),
        (200, "application/json", br#"{"books": [{"title": "Three"}]}"#.to_vec()),
    ]);
    let hub = hub(&root);
    let mut stream = hub.shelves().books().list("shelves/s1").pages().into_stream();

    let first = next(&mut stream).await.unwrap().unwrap();
    assert_eq!(first.books[0].title.as_deref(), Some("One"));
    assert_eq!(recorded.lock().unwrap().len(), 1, "one page asked for, one fetched");

    let mut titles = Vec::new();
    while let Some(page) = next(&mut stream).await {
        titles.extend(page.unwrap().books.into_iter().filter_map(|book| book.title));
    }
    assert_eq!(titles, ["Two", "Three"]);
    assert!(next(&mut stream).await.is_none(), "the stream stays ended");

    let recorded = recorded.lock().unwrap();
    let request_lines: Vec<&str> = recorded.iter().map(|r| r.request_line.as_str()).collect();
    assert_eq!(
        request_lines,
        [
            "GET /v1/shelves/s1/books HTTP/1.1",
            "GET /v1/shelves/s1/books?pageToken=2 HTTP/1.1",
            "GET /v1/shelves/s1/books?pageToken=3 HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn an_error_ends_the_page_stream() {
    let (root, recorded) = serve(vec![
        (200, "application/json", br#"{"nextPageToken": "next"}"#.to_vec()),
        (
            500,
            "application/json",
            br#"{"error": {"code": 500, "message": "Backend error", "status": "INTERNAL"}}"#.to_vec(),
        ),
    ]);
    let hub = hub(&root);
    let mut stream = hub.shelves().books().list("shelves/s1").pages().into_stream();
    assert!(next(&mut stream).await.unwrap().is_ok());
    let error = next(&mut stream).await.unwrap().unwrap_err();
    assert_eq!(error.http_status().map(|status| status.as_u16()), Some(500));
    assert!(next(&mut stream).await.is_none());
    assert_eq!(recorded.lock().unwrap().len(), 2);
}

/// The next item of `stream`, as `StreamExt::next` in the `futures` crate gives it.
async fn next<S: futures_core::Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|context| std::pin::Pin::new(&mut *stream).poll_next(context)).await
}

#[tokio::test]
async fn an_error_ends_the_pages() {
    let (root, _) = serve(vec![
        (200, "application/json", br#"{"nextPageToken": "next"}"#.to_vec()),
        (
            503,
            "application/json",
            br#"{"error": {"code": 503, "message": "Try again later", "status": "UNAVAILABLE"}}"#
                .to_vec(),
        ),
    ]);
    let error = hub(&root)
        .shelves()
        .books()
        .list("shelves/s1")
        .pages()
        .collect_all()
        .await
        .unwrap_err();
    assert_eq!(error.api_error().unwrap().status.as_deref(), Some("UNAVAILABLE"));
}

#[tokio::test]
async fn a_page_that_names_its_own_token_as_the_next_ends_the_pages_with_an_error() {
    let (root, recorded) = serve(vec![
        (200, "application/json", br#"{"nextPageToken": "again"}"#.to_vec()),
        (200, "application/json", br#"{"nextPageToken": "again"}"#.to_vec()),
    ]);
    let hub = hub(&root);
    let mut pages = hub.shelves().books().list("shelves/s1").pages();
    assert!(pages.next_page().await.unwrap().is_ok());
    let error = pages.next_page().await.unwrap().unwrap_err();
    assert!(error.to_string().contains("the pages would never end"), "{error}");
    assert!(pages.next_page().await.is_none());
    assert_eq!(recorded.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn an_upload_with_metadata_is_multipart_related() {
    let (root, recorded) = serve(vec![(
        200,
        "application/json",
        br#"{"name": "shelves/s1/books/b1", "title": "Dune", "pages": "412"}"#.to_vec(),
    )]);
    let media = b"\x00\x01 binary content \xff".to_vec();
    let book = hub(&root)
        .shelves()
        .books()
        .insert(library::v1::model::Book::new().with_title("Dune"), "shelves/s1")
        .upload(media.clone(), "application/epub+zip")
        .await
        .unwrap();
    assert_eq!(book.pages, Some(412));

    let request = recorded.lock().unwrap()[0].clone();
    assert_eq!(
        request.request_line,
        "POST /upload/v1/shelves/s1/books?uploadType=multipart HTTP/1.1"
    );
    let content_type = request.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/related; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let mut expected = format!(
        "--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n\
         {{\"title\":\"Dune\"}}\r\n--{boundary}\r\nContent-Type: application/epub+zip\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&media);
    expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn an_upload_without_metadata_sends_the_media_alone() {
    let (root, recorded) = serve(vec![(200, "application/json", b"{}".to_vec())]);
    hub(&root)
        .shelves()
        .books()
        .set_cover("shelves/s1/books/b1")
        .upload(b"PNG bytes".to_vec(), "image/png")
        .await
        .unwrap();
    let request = recorded.lock().unwrap()[0].clone();
    assert_eq!(
        request.request_line,
        "POST /upload/v1/shelves/s1/books/b1:setCover?uploadType=media HTTP/1.1"
    );
    assert_eq!(request.header("content-type"), Some("image/png"));
    assert_eq!(request.body, b"PNG bytes");

    // A content type that is no header value is refused before anything is sent.
    let error = hub(&root)
        .shelves()
        .books()
        .set_cover("shelves/s1/books/b1")
        .into_upload_request(Vec::new(), "image/png\r\nX-Evil: 1")
        .unwrap_err();
    assert!(error.to_string().contains("is not a MIME type"), "{error}");
}

#[tokio::test]
async fn a_download_returns_the_bytes_or_the_error() {
    let content = b"%PDF-1.7 \x00\xff the book".to_vec();
    let (root, recorded) = serve(vec![
        (200, "application/octet-stream", content.clone()),
        (
            404,
            "application/json",
            br#"{"error": {"code": 404, "message": "No such book", "status": "NOT_FOUND"}}"#.to_vec(),
        ),
    ]);
    let hub = hub(&root);
    let books = hub.shelves().books();
    let bytes = books.get("shelves/s1/books/b1").download().await.unwrap();
    assert_eq!(bytes, content);
    assert_eq!(
        recorded.lock().unwrap()[0].request_line,
        "GET /v1/shelves/s1/books/b1?alt=media HTTP/1.1"
    );

    let error = books
        .get("shelves/s1/books/missing")
        .download()
        .await
        .unwrap_err();
    assert_eq!(error.reason(), Some("No such book"));
    assert_eq!(error.http_status().map(|status| status.as_u16()), Some(404));
}

#[tokio::test]
async fn query_parameters_are_encoded_as_google_expects() {
    use library::v1::shelves::books::ListOrderBy;

    let (root, recorded) = serve(vec![(200, "application/json", b"{}".to_vec())]);
    hub(&root)
        .shelves()
        .books()
        .list("shelves/a b/c")
        .filter_tags(["sci-fi".to_owned(), "a&b=c".to_owned()])
        .min_pages(-9_007_199_254_740_993)
        .include_deleted(false)
        .order_by([ListOrderBy::Title, ListOrderBy::from("NEW_ORDER")])
        .type_("hardcover")
        .send()
        .await
        .unwrap();
    // `{+parent}` keeps `/` and encodes the space; a repeated parameter repeats its name;
    // int64 is written in full, booleans as `true`/`false`, enums by their wire value.
    assert_eq!(
        recorded.lock().unwrap()[0].request_line,
        "GET /v1/shelves/a%20b/c/books?filter.tags=sci-fi&filter.tags=a%26b%3Dc\
         &includeDeleted=false&minPages=-9007199254740993&orderBy=TITLE&orderBy=NEW_ORDER\
         &type=hardcover HTTP/1.1"
    );
}

/// Media of `len` bytes that differ from one position to the next.
fn media(len: usize) -> Vec<u8> {
    (0..len).map(|index| (index % 251) as u8).collect()
}

const BOOK_JSON: &[u8] = br#"{"name": "shelves/s1/books/b1", "title": "Dune"}"#;

#[tokio::test]
async fn a_resumable_upload_sends_chunks_from_where_the_server_stands() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let root = format!("http://{}/", listener.local_addr().unwrap());
    let range = |last: u64| vec![("Range", format!("bytes=0-{last}"))];
    let recorded = serve_on(
        listener,
        vec![
            (200, vec![("Location", format!("{root}upload/session/s-1"))], Vec::new()),
            (308, range(262_143), Vec::new()),
            // The server kept only part of the second chunk.
            (308, range(399_999), Vec::new()),
            (200, vec![("Content-Type", "application/json".to_owned())], BOOK_JSON.to_vec()),
        ],
    );
    let media = media(600 * 1024);
    let upload = hub(&root)
        .shelves()
        .books()
        .insert(library::v1::model::Book::new().with_title("Dune"), "shelves/s1")
        .upload_resumable(media.clone(), "application/epub+zip")
        .await
        .unwrap()
        // Rounded up to the 256 KiB Google requires.
        .with_chunk_size(1000);
    assert_eq!(upload.session_uri().path(), "/upload/session/s-1");
    assert!(!format!("{upload:?}").contains("s-1"), "{upload:?}");
    let book = upload.finish().await.unwrap();
    assert_eq!(book.title.as_deref(), Some("Dune"));

    let requests = recorded.lock().unwrap().clone();
    let start = &requests[0];
    assert_eq!(
        start.request_line,
        "POST /upload/v1/shelves/s1/books?uploadType=resumable HTTP/1.1"
    );
    assert_eq!(start.header("x-upload-content-type"), Some("application/epub+zip"));
    assert_eq!(start.header("x-upload-content-length"), Some("614400"));
    assert_eq!(start.header("content-type"), Some("application/json"));
    assert_eq!(start.header("x-goog-api-key"), Some("test-key"));
    assert_eq!(start.body, br#"{"title":"Dune"}"#);

    let chunks = [
        ("bytes 0-262143/614400", 0..262_144),
        ("bytes 262144-524287/614400", 262_144..524_288),
        ("bytes 400000-614399/614400", 400_000..614_400),
    ];
    assert_eq!(requests.len(), 1 + chunks.len());
    for (request, (content_range, bytes)) in requests[1..].iter().zip(chunks) {
        assert_eq!(request.request_line, "PUT /upload/session/s-1 HTTP/1.1");
        assert_eq!(request.header("content-range"), Some(content_range));
        assert!(request.body == media[bytes], "the body of {content_range}");
    }
}

#[tokio::test]
async fn a_resumable_upload_goes_on_after_a_failed_chunk() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let root = format!("http://{}/", listener.local_addr().unwrap());
    let json = || vec![("Content-Type", "application/json".to_owned())];
    let recorded = serve_on(
        listener,
        vec![
            (200, vec![("Location", format!("{root}session?id=7"))], Vec::new()),
            (
                503,
                json(),
                br#"{"error": {"code": 503, "message": "Backend restarting", "status": "UNAVAILABLE"}}"#
                    .to_vec(),
            ),
            (308, vec![("Range", "bytes=0-262143".to_owned())], Vec::new()),
            (200, json(), b"{}".to_vec()),
        ],
    );
    let media = media(300 * 1024);
    let mut upload = hub(&root)
        .shelves()
        .books()
        .set_cover("shelves/s1/books/b1")
        .upload_resumable(media.clone(), "image/png")
        .await
        .unwrap();
    assert_eq!(upload.media_len(), 307_200);

    let error = upload.send_chunk().await.unwrap_err();
    assert_eq!(error.reason(), Some("Backend restarting"));
    assert!(upload.query_status().await.unwrap().is_none());
    assert_eq!(upload.bytes_sent(), 262_144);
    upload.finish().await.unwrap();

    let requests = recorded.lock().unwrap().clone();
    assert_eq!(
        requests[0].request_line,
        "POST /upload/v1/shelves/s1/books/b1:setCover?uploadType=resumable HTTP/1.1"
    );
    assert!(requests[0].body.is_empty());
    assert_eq!(requests[1].header("content-range"), Some("bytes 0-307199/307200"));
    assert_eq!(requests[2].request_line, "PUT /session?id=7 HTTP/1.1");
    assert_eq!(requests[2].header("content-range"), Some("bytes */307200"));
    assert!(requests[2].body.is_empty());
    assert_eq!(requests[3].header("content-range"), Some("bytes 262144-307199/307200"));
    assert!(requests[3].body == media[262_144..]);
}

/// A 308 without `Range` says the server holds nothing; a chunk that leaves it so is an error,
/// where `finish` would otherwise send the same chunk for ever.
#[tokio::test]
async fn a_resumable_upload_that_makes_no_progress_is_an_error() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let root = format!("http://{}/", listener.local_addr().unwrap());
    let recorded = serve_on(
        listener,
        vec![
            (200, vec![("Location", format!("{root}session"))], Vec::new()),
            (308, Vec::new(), Vec::new()),
        ],
    );
    let error = hub(&root)
        .shelves()
        .books()
        .set_cover("shelves/s1/books/b1")
        .upload_resumable(media(1000), "image/png")
        .await
        .unwrap()
        .finish()
        .await
        .unwrap_err();
    assert_eq!(error.http_status().map(|status| status.as_u16()), Some(308));
    assert!(
        error.to_string().contains("made no progress: the server holds 0 of 1000 bytes"),
        "{error}"
    );
    assert_eq!(recorded.lock().unwrap().len(), 2);
}

/// A `Range` that is not `bytes=0-N`, or claims more than the media, is refused.
#[tokio::test]
async fn a_resumable_upload_refuses_a_range_beyond_the_media() {
    for range in ["bytes=0-1000", "bytes=0-18446744073709551615", "bytes=10-20"] {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let root = format!("http://{}/", listener.local_addr().unwrap());
        serve_on(
            listener,
            vec![
                (200, vec![("Location", format!("{root}session"))], Vec::new()),
                (308, vec![("Range", range.to_owned())], Vec::new()),
            ],
        );
        let mut upload = hub(&root)
            .shelves()
            .books()
            .set_cover("shelves/s1/books/b1")
            .upload_resumable(media(1000), "image/png")
            .await
            .unwrap();
        let error = upload.send_chunk().await.unwrap_err();
        assert!(
            error.to_string().contains(&format!(
                "answered with `Range: {range}`, which is not `bytes=0-N` within the 1000 bytes"
            )),
            "{error}"
        );
        assert_eq!(upload.bytes_sent(), 0);
    }
}

#[tokio::test]
async fn a_resumable_upload_needs_a_session_uri() {
    let (root, _) = serve(vec![(200, "application/json", b"{}".to_vec())]);
    let error = hub(&root)
        .shelves()
        .books()
        .set_cover("shelves/s1/books/b1")
        .upload_resumable(media(10), "image/png")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("no session URI"), "{error}");
}

#[tokio::test]
async fn a_streamed_download_arrives_in_chunks() {
    let content = media(1024 * 1024);
    let (root, recorded) = serve(vec![
        (200, "application/octet-stream", content.clone()),
        (
            404,
            "application/json",
            br#"{"error": {"code": 404, "message": "No such book", "status": "NOT_FOUND"}}"#.to_vec(),
        ),
    ]);
    let hub = hub(&root);
    let books = hub.shelves().books();
    let mut stream = books.get("shelves/s1/books/b1").download_stream().await.unwrap();
    assert_eq!(stream.content_length(), Some(1024 * 1024));
    let mut received = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.next_chunk().await {
        received.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert!(received == content);
    assert!(chunks > 1, "the body came in {chunks} chunk");
    assert_eq!(
        recorded.lock().unwrap()[0].request_line,
        "GET /v1/shelves/s1/books/b1?alt=media HTTP/1.1"
    );

    let error = books
        .get("shelves/s1/books/missing")
        .download_stream()
        .await
        .unwrap_err();
    assert_eq!(error.reason(), Some("No such book"));
}
