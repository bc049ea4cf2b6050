//! Shows what OCR will read: `cargo run -p canhgiac-ocr --example prepared IMAGE OUT.png`
//! prints the line height and scale found and writes the prepared image.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: prepared IMAGE OUT.png");
        std::process::exit(2);
    };
    let bytes = std::fs::read(input).expect("read the image");
    let image = canhgiac_ocr::decode(&bytes).expect("decode");
    let started = std::time::Instant::now();
    let prepared = canhgiac_ocr::prepare(&image);
    let prepare_time = started.elapsed();
    println!(
        "line height {:?}, scale {}, inverted {:.2}, blank {}, prepared in {:?}, {}x{}",
        prepared.line_height,
        prepared.scale,
        prepared.inverted_share,
        prepared.blank,
        prepare_time,
        prepared.image.width(),
        prepared.image.height()
    );
    let started = std::time::Instant::now();
    let (text, confidence) = canhgiac_ocr::read(&prepared.image).expect("read");
    println!(
        "OCR in {:?}, confidence {confidence}\n{text}",
        started.elapsed()
    );
    prepared.image.save(output).expect("write");
}
