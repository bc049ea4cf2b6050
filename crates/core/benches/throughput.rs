//! Throughput of the whole analysis (normalise, cues, indicators, model, advice) on one core.

use canhgiac_core::Analyzer;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// Messages of corpus length written for the benchmark: threats, warnings and everyday texts.
const MESSAGES: &[&str] = &[
    "Chào anh, tôi là thám tử tư được thuê theo dõi anh. Tôi có video anh vào khách sạn. Chuyển 3000 USDT vào ví TMek4LHzGCBX7b21RLM4jBZ5n2esJkCX6v trước 9h sáng mai, nếu không tôi gửi cho vợ anh và cơ quan.",
    "Công an tỉnh cảnh báo: các đối tượng giả danh thám tử tư, dùng ảnh ghép để tống tiền. Người dân không chuyển tiền, không bấm link lạ, báo ngay cho công an qua số 113.",
    "Con ơi tối nay về ăn cơm nhé, mẹ nấu canh chua. Nhớ mua giúp mẹ ít rau thơm ở chợ gần nhà.",
    "I recorded you through your webcam while you were watching adult videos. Send 0.05 BTC to my wallet within 48 hours or the video goes to all your contacts.",
    "Vietcombank: TK 0071000123456 +2,500,000 VND luc 14:32 23/11. So du 12,340,000 VND. ND: chuyen tien hoc phi.",
];

fn bench(c: &mut Criterion) {
    let analyzer = Analyzer::builtin().expect("built-in model");
    let bytes: usize = MESSAGES.iter().map(|m| m.len()).sum();
    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Elements(MESSAGES.len() as u64));
    group.bench_function("messages", |b| {
        b.iter(|| {
            for m in MESSAGES {
                std::hint::black_box(analyzer.analyze(m));
            }
        })
    });
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("bytes", |b| {
        b.iter(|| {
            for m in MESSAGES {
                std::hint::black_box(analyzer.analyze(m));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
