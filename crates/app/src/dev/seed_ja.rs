//! Japanese text for `altto dev seed`: a fixed vocabulary of school and English-teaching
//! sentences, some with the English terms Japanese teachers write as they are (ALT, JTE,
//! ICT, Small Talk), so that a third of the generated articles, news posts, threads and
//! forum posts are Japanese or mixed, as on a real site for ALTs and their colleagues.

use rand::{RngExt as _, rngs::StdRng};

/// The Japanese name of each of [`super::seed::TOPICS`], in the same order.
pub(super) const TOPICS_JA: &[&str] = &[
    "ティーム・ティーチング",
    "学級経営",
    "フォニックス",
    "評価",
    "特別支援",
    "指導案づくり",
    "小学校の外国語活動",
    "中学校の英語",
    "高校の英語",
    "スピーキング",
    "ライティング",
    "意欲づけ",
];

/// Sentences a teacher might write about lessons and school life.
pub(super) const SENTENCES_JA: &[&str] = &[
    "授業の始めに担任の先生とSmall Talkを見せると、児童は安心して英語を聞くことができます。",
    "外国語活動では、正しさよりも伝えようとする気持ちを大切にしています。",
    "学級経営が安定しているクラスでは、ペア活動やグループ活動もスムーズに進みます。",
    "小学校の英語の授業は、担任とALTがそれぞれの強みを生かして進めるのが理想です。",
    "活動の前に、ALTとJTEが必ずデモンストレーションを見せるようにしています。",
    "指示は短くし、黒板やICTを使って目でも分かるように示しましょう。",
    "校内研修で、学習指導要領が示す資質・能力の三つの柱について話し合いました。",
    "評価は「知識・技能」「思考・判断・表現」「主体的に学習に取り組む態度」の三つの観点で行います。",
    "授業の最後に振り返りの時間を五分ほど確保すると、児童が自分の成長に気づきやすくなります。",
    "一人一台端末を使って、生徒が自分のスピーチを録画し、友達と見せ合いました。",
    "中学校では、教科書の単元のゴールを意識して帯活動を計画しています。",
    "自己紹介の活動では、好きなものや得意なことを三つの文で話すようにしました。",
    "発音の練習は、歌やチャンツを使うと楽しく続けられます。",
    "新しい学校に着任した最初の週は、職員室で先生方の名前を覚えることから始めました。",
    "教頭先生に学校行事の予定と時間割を確認しておくと安心です。",
    "給食の時間に児童と話すことも、大切なコミュニケーションの機会です。",
    "特別支援学級の授業では、絵カードやジェスチャーを多めに使っています。",
    "ティーム・ティーチングの打ち合わせは、前日の放課後に十分ほどでも効果があります。",
    "研修で学んだ活動を、来週の五年生の授業で試してみるつもりです。",
    "高等学校では、授業を英語で行うことが基本とされています。",
    "間違いをすぐに直すのではなく、正しい表現で言い直して返すようにしています。",
    "学級担任が英語を使う姿を見せることが、児童にとって一番のお手本になります。",
    "複数の学校を担当しているALTは、学校ごとに授業の進め方を確認する必要があります。",
    "パフォーマンステストの前に、ルーブリックを生徒と共有しました。",
    "小学校の外国語科では、読むことと書くことの指導も始まっています。",
    "三年生と四年生の外国語活動は、聞くことと話すことが中心です。",
    "授業で使う教材を前日までにJTEと共有しておくと、当日の準備が楽になります。",
    "英語が苦手な生徒も、ペアで練習してから発表すると自信を持って話せます。",
    "学級経営について、担任の先生から学ぶことがたくさんあります。",
    "ICT支援員と相談して、デジタル教科書の使い方を確認しました。",
    "英語の授業の最初に、日付や天気を尋ねるやり取りを毎回行っています。",
    "学習指導要領の改訂により、小学校の五年生と六年生で英語が教科になりました。",
    "研修会では、他の学校のALTと授業のアイデアを交換することができました。",
    "児童が英語で答えられないときは、少し待ってから選択肢を示すようにしています。",
    "生徒の英作文には、良かった点を具体的にコメントしています。",
    "運動会や文化祭などの学校行事にも、ALTとして参加しました。",
    "ALTとJTEの役割分担を、年度の初めに話し合っておくことをおすすめします。",
    "クラスが落ち着かないときは、活動の内容よりもグループの組み方を見直します。",
    "放課後に、希望する生徒と英検の面接練習をしています。",
    "授業の目標を黒板に書いておくと、生徒は何ができるようになればよいかが分かります。",
];

/// Japanese Markdown of about `bytes` bytes, in the shape of the English articles.
pub(super) fn body(rng: &mut StdRng, bytes: usize) -> String {
    let mut body = String::with_capacity(bytes + 400);
    let mut section = 1;
    while body.len() < bytes {
        body.push_str(&format!("## ポイント{section}\n\n"));
        for _ in 0..3 {
            for _ in 0..4 {
                body.push_str(SENTENCES_JA[rng.random_range(0..SENTENCES_JA.len())]);
            }
            body.push_str("\n\n");
        }
        body.push_str("- 次の授業で試してみましょう。\n- JTEや担任の先生と話し合ってみましょう。\n\n");
        section += 1;
    }
    body
}

/// A forum post of two to five Japanese sentences, some with a quote or a list.
pub(super) fn post(rng: &mut StdRng, n: usize) -> String {
    let mut body = String::new();
    if n.is_multiple_of(5) {
        body.push_str("> ");
        body.push_str(SENTENCES_JA[rng.random_range(0..SENTENCES_JA.len())]);
        body.push_str("\n\n");
    }
    for _ in 0..rng.random_range(2..=5) {
        body.push_str(SENTENCES_JA[rng.random_range(0..SENTENCES_JA.len())]);
    }
    if n % 7 == 3 {
        // Mixed: Japanese sentences, then one in English.
        body.push_str("\n\n");
        body.push_str(super::seed::SENTENCES[rng.random_range(0..super::seed::SENTENCES.len())]);
    }
    if n.is_multiple_of(4) {
        body.push_str("\n\n- まず少人数のグループで試してみてください。\n- 去年うまくいった方法をJTEに聞いてみましょう。\n");
    }
    body
}
