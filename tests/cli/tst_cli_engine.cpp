// glm-cli's engine commands as a user runs them: logits on the golden model (conformance through
// the command line) and greedy generation from token ids.
#include "blocked_cli.h"
#include "formats/gguf.h"
#include "glm/error.h"
#include "golden_models.h"
#include "inference/engine_advice.h"
#include "models/model_config.h"
#include "reference/ops.h"
#include "test_files.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

using namespace glm;

namespace {

struct Run {
    int code;
    QByteArray out, err;
};

Run cli(const QStringList& args, const QByteArray& input = {},
        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GLM_CLI_PATH), args);
    if (!input.isEmpty()) p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

} // namespace

class TestCliEngine : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

private slots:
    void logitsOfTheGoldenModel() {
        const QString path = dir.filePath("golden.gguf");
        test::GoldenSteps g = test::write_golden_gguf("glm", path.toStdString());
        // x1 as one prefill, then x2 and x3 one decode step each.
        Run r = cli(
            {"logits", "-m", path, "--ids", "0,1,2,3,4", "--prefill", "3", "--kv-fp32", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        std::vector<std::vector<float>> hidden = {{g.y1.begin(), g.y1.begin() + 32},
                                                  {g.y1.begin() + 32, g.y1.begin() + 64},
                                                  {g.y1.begin() + 64, g.y1.end()},
                                                  g.y2,
                                                  g.y3};
        for (int i = 0; i < 5; ++i) {
            auto j = nlohmann::json::parse(lines[i].toStdString());
            QCOMPARE(j["pos"].get<int>(), i);
            auto got = j["logits"].get<std::vector<float>>();
            std::vector<float> want(5);
            ref::matmul(g.embedding.data(), 5, 32, hidden[size_t(i)].data(), 1, want.data());
            double num = 0, den = 0;
            for (int k = 0; k < 5; ++k) {
                num +=
                    double(got[size_t(k)] - want[size_t(k)]) * (got[size_t(k)] - want[size_t(k)]);
                den += double(want[size_t(k)]) * want[size_t(k)];
            }
            QVERIFY2(std::sqrt(num / den) < 1e-4,
                     qPrintable(QString("position %1: %2").arg(i).arg(std::sqrt(num / den))));
        }
    }

    // With no Vulkan driver at all (the loader's driver list points nowhere) glm-cli still starts,
    // lists the CPU backend as the device it uses, and runs a model on it.
    void runsWithoutAnyVulkanDriver() {
        const QString path = dir.filePath("golden-no-vulkan.gguf");
        test::write_golden_gguf("glm2", path.toStdString());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("VK_ICD_FILENAMES", dir.filePath("no-such-driver.json"));
        env.insert("VK_DRIVER_FILES", dir.filePath("no-such-driver.json"));
        env.remove("GLM_VULKAN_VALIDATION"); // asking for validation means Vulkan is required
        env.remove("GLM_DEVICE");
        Run r = cli({"devices", "--json"}, {}, env);
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["devices"].size(), size_t(1));
        QCOMPARE(j["devices"][0]["backend"].get<std::string>(), std::string("cpu"));
        QCOMPARE(j["chosen"].get<int>(), 0);
        QVERIFY(j.contains("vulkan_unavailable"));
        r = cli({"devices"}, {}, env);
        QVERIFY2(r.code == 0 && r.out.contains("CPU backend") && r.out.contains("Vulkan: not"),
                 r.out.constData());
        r = cli({"logits", "-m", path, "--ids", "0,1,2", "--json"}, {}, env);
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.out.trimmed().split('\n').size(), 3);
    }

    // The end-to-end check: the golden models as Hugging Face folders (made by PyTorch,
    // tests/data/checkpoints/*-golden), converted by glm-cli convert --type f32, reproduce the
    // official outputs through glm-cli logits (logits = y · headᵀ).
    void convertedGoldenFoldersPassConformance_data() {
        QTest::addColumn<QString>("gen");
        for (const char* g : {"glm", "glm2", "glm3", "glm4"}) QTest::newRow(g) << g;
    }
    void convertedGoldenFoldersPassConformance() {
        QFETCH(QString, gen);
        const QString folder =
            QString::fromStdString((test::test_data_dir() / "checkpoints").string()) + "/" +
            (gen == "glm" ? QString("glm1") : gen) + "-golden";
        const QString out = dir.filePath(gen + "-converted.gguf");
        Run c = cli({"convert", folder, "-o", out, "--type", "f32", "--force"});
        QVERIFY2(c.code == 0, c.err.constData());
        // the golden steps and weights, for the expected values
        const QString ref = dir.filePath(gen + "-ref.gguf");
        test::GoldenSteps g = test::write_golden_gguf(gen.toStdString(), ref.toStdString());
        GgufFile f = GgufFile::open(out.toStdString());
        const ModelConfig cfg = read_model_config(f);
        const GgufTensorInfo* head =
            f.tensor(cfg.tied_head ? tensor_names::token_embd : tensor_names::output);
        QVERIFY(head);
        auto hb = f.tensor_data(*head);
        std::vector<float> W(reinterpret_cast<const float*>(hb.data()),
                             reinterpret_cast<const float*>(hb.data()) + hb.size() / 4);
        const int V = int(cfg.vocab);
        Run r = cli(
            {"logits", "-m", out, "--ids", "0,1,2,3,4", "--prefill", "3", "--kv-fp32", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        std::vector<std::vector<float>> hidden = {{g.y1.begin(), g.y1.begin() + 32},
                                                  {g.y1.begin() + 32, g.y1.begin() + 64},
                                                  {g.y1.begin() + 64, g.y1.end()},
                                                  g.y2,
                                                  g.y3};
        for (int i = 0; i < 5; ++i) {
            auto got =
                nlohmann::json::parse(lines[i].toStdString())["logits"].get<std::vector<float>>();
            std::vector<float> want(static_cast<size_t>(V));
            ref::matmul(W.data(), size_t(V), 32, hidden[size_t(i)].data(), 1, want.data());
            double num = 0, den = 0;
            for (int k = 0; k < V; ++k) {
                num +=
                    double(got[size_t(k)] - want[size_t(k)]) * (got[size_t(k)] - want[size_t(k)]);
                den += double(want[size_t(k)]) * want[size_t(k)];
            }
            QVERIFY2(std::sqrt(num / den) < 1e-4,
                     qPrintable(QString("position %1: %2").arg(i).arg(std::sqrt(num / den))));
        }
    }

    void greedyGenerateFromIds() {
        const QString path = dir.filePath("random.gguf");
        test::write_random_gguf(test::random_glm1_config(), path.toStdString(), TensorType::Q4_0,
                                TensorType::Q8_0);
        Run a = cli({"generate", "-m", path, "--ids", "5,17,300,991,994", "-n", "12",
                     "--temperature", "0", "--json"});
        QVERIFY2(a.code == 0, a.err.constData());
        auto j = nlohmann::json::parse(a.out.toStdString());
        auto ids = j["ids"].get<std::vector<int>>();
        QVERIFY(!ids.empty() && ids.size() <= 12);
        QVERIFY(j["text"].is_null()); // no tokenizer in this model
        QVERIFY(a.err.contains("tok/s"));
        // deterministic
        Run b = cli({"generate", "-m", path, "--ids", "5,17,300,991,994", "-n", "12",
                     "--temperature", "0", "--json"});
        QCOMPARE(b.out, a.out);
        // seeded sampling is reproducible too
        Run s1 = cli({"generate", "-m", path, "--ids", "5,17,300,991,994", "-n", "8", "--seed", "7",
                      "--json"});
        Run s2 = cli({"generate", "-m", path, "--ids", "5,17,300,991,994", "-n", "8", "--seed", "7",
                      "--json"});
        QCOMPARE(s1.out, s2.out);
    }

    void textThroughTheEmbeddedTokenizer_data() {
        QTest::addColumn<QString>("gen");
        QTest::newRow("glm1") << "glm1";
        QTest::newRow("glm3") << "glm3";
    }
    void textThroughTheEmbeddedTokenizer() {
        QFETCH(QString, gen);
        const QString path = dir.filePath(gen + "-chat.gguf");
        test::write_chat_test_model(gen.toStdString(), path.toStdString());
        // tokenize without a GPU, from the file's metadata
        Run t = cli({"tokenize", "-m", path, "-p", "你好 world", "--json"});
        QVERIFY2(t.code == 0, t.err.constData());
        auto tj = nlohmann::json::parse(t.out.toStdString());
        QVERIFY(tj["count"].get<int>() >= 3);
        // generate from text: the reply comes back as text that re-tokenizes to its ids
        Run g =
            cli({"generate", "-m", path, "-p", "你好", "-n", "10", "--temperature", "0", "--json"});
        QVERIFY2(g.code == 0, g.err.constData());
        auto gj = nlohmann::json::parse(g.out.toStdString());
        QVERIFY(gj["text"].is_string());
        std::string ids;
        for (int id : gj["ids"].get<std::vector<int>>())
            ids += (ids.empty() ? "" : ",") + std::to_string(id);
        if (!ids.empty()) {
            Run d = cli({"detokenize", "-m", path, "--ids", QString::fromStdString(ids), "--json"});
            QVERIFY2(d.code == 0, d.err.constData());
            QCOMPARE(nlohmann::json::parse(d.out.toStdString())["text"].get<std::string>(),
                     gj["text"].get<std::string>());
        }
        // a two-message chat from a pipe: two replies, the second after a history round
        Run c = cli({"chat", "-m", path, "-n", "6", "--temperature", "0", "--stats"},
                    "你好\nhow are you?\n");
        QVERIFY2(c.code == 0, c.err.constData());
        QCOMPARE(c.err.count("prompt tokens"), 2);
    }

    // A model computing NaN stops with a clear error instead of an empty reply,
    // greedy (device argmax) and sampled alike, and the app words it for a person.
    void invalidNumbersAreAnError() {
        const QString path = dir.filePath("nan.gguf");
        test::write_nan_gguf(test::random_glm1_config(), path.toStdString());
        for (const char* temperature : {"0", "0.8"}) {
            Run r = cli({"generate", "-m", path, "--ids", "5,6,991,994", "-n", "4", "--temperature",
                         temperature, "--seed", "3", "--json"});
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains("invalid numbers") && r.err.contains("damaged") &&
                         r.err.contains("driver"),
                     r.err.constData());
            QVERIFY(r.out.isEmpty()); // no {"ids":[],"text":""}
        }
        const auto advice =
            app::adviceFor(Error(ErrorKind::InvalidOutput, "NaN"), app::FailedAction::Generate);
        QVERIFY2(advice.reason.contains("invalid numbers"), qPrintable(advice.reason));
        QVERIFY(!advice.suggestion.contains("report this problem"));
    }

    // No device of that name is not "report this problem": it lists the devices.
    void unknownDeviceIsExplained() {
        const auto advice =
            app::adviceFor(Error(ErrorKind::DeviceNotFound, "No Vulkan device matches 'nvidia'."),
                           app::FailedAction::LoadModel);
        QVERIFY2(advice.reason.contains("No graphics device matches"), qPrintable(advice.reason));
        QVERIFY(advice.suggestion.contains("glm-cli devices"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("GLM_DEVICE", "no-such-device-xyz");
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(GLM_CLI_PATH),
                {"generate", "-m", dir.filePath("random.gguf"), "--ids", "1"});
        QVERIFY(p.waitForFinished(120000));
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains("No device matches 'no-such-device-xyz'") &&
                     err.contains("GLM_DEVICE") && err.contains("glm-cli devices"),
                 err.constData());
    }

    // A ChatGLM-6B file without its [gMASK] id fails when it is opened, naming
    // what is missing, instead of failing every reply.
    void missingSpecialTokenFailsAtLoad() {
        ModelConfig c = test::chat_test_config("glm1");
        c.gmask_id = -1; // [MASK] alone passes the configuration check
        const QString path = dir.filePath("no-gmask.gguf");
        test::write_random_gguf(c, path.toStdString(), TensorType::Q8_0, TensorType::Q8_0, 1,
                                test::test_data_dir() / "tokenizer" / "glm1_test.model");
        Run r = cli({"chat", "-m", path, "-n", "4"}, "hello\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("[gMASK]") && r.err.contains("tokenizer.glm.gmask_token_id"),
                 r.err.constData());
        QVERIFY(!r.err.contains("(id -1)"));
        r = cli({"generate", "-m", path, "-p", "hello", "-n", "4"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("tokenizer.glm.gmask_token_id"), r.err.constData());
    }

    // Bench makes a valid prompt for any vocabulary (no special ids inside, no
    // -1 for an id the file lacks) and times prefill only after a warm-up pass.
    void benchOnSmallVocabularies_data() {
        QTest::addColumn<int>("gmask");
        QTest::addColumn<int>("bos");
        QTest::newRow("start id among the prompt's ids") << 991 << 17;
        QTest::newRow("no [gMASK] id, only [MASK]") << -1 << 994;
    }
    void benchOnSmallVocabularies() {
        QFETCH(int, gmask);
        QFETCH(int, bos);
        ModelConfig c = test::random_glm1_config();
        c.gmask_id = gmask;
        c.bos_id = bos;
        const QString path = dir.filePath(QString("bench-%1-%2.gguf").arg(gmask).arg(bos));
        test::write_random_gguf(c, path.toStdString(), TensorType::Q8_0, TensorType::Q8_0);
        Run r = cli({"bench", "-m", path, "--prefill", "24", "--contexts", "8", "--steps", "2",
                     "--runs", "1", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["prefill"].size(), size_t(1));
        const int warm = r.err.indexOf("warm-up prefill 24 tokens");
        const int timed = r.err.indexOf("prefill 24 tokens, run 1");
        QVERIFY2(warm >= 0 && timed > warm, r.err.constData());
    }

    // Messages that name the real cause.
    void optionsOutOfRange() {
        const QString chat = dir.filePath("glm1-chat-opts.gguf");
        test::write_chat_test_model("glm1", chat.toStdString());
        Run r = cli({"chat", "-m", chat, "-n", "512"}, "hello\n"); // the context is 512
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("-n 512 leaves no room") && r.err.contains("512-token context"),
                 r.err.constData());
        for (const char* t : {"-1", "nan", "inf"}) {
            r = cli({"generate", "-m", chat, "--ids", "1,6,9", "--temperature", t});
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains("--temperature") && r.err.contains("out of range") &&
                         r.err.contains("0 (greedy)"),
                     r.err.constData());
        }
        r = cli({"generate", "-m", chat, "--ids", "1,6,9", "--top-p", "0"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--top-p 0 is out of range"), r.err.constData());
        r = cli({"bench-kernels", "--shapes", "nope"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("no shape named 'nope'") && r.err.contains("qkv") &&
                     r.err.contains("lm_head"),
                 r.err.constData());
        QVERIFY(r.out.isEmpty()); // no empty table
        r = cli({"bench-kernels", "--tokens", "1,x"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--tokens expects numbers") && r.err.contains("'x'"),
                 r.err.constData());
        r = cli({"bench", "--prefill", "abc"}); // before a model is made
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--prefill expects numbers"), r.err.constData());
    }

    // The chat's banner and its commands, answered locally (never sent to the model).
    void chatBannerAndCommands() {
        const QString chat = dir.filePath("glm1-chat-cmds.gguf");
        test::write_chat_test_model("glm1", chat.toStdString());
        Run r =
            cli({"chat", "-m", chat, "-n", "4", "--stats"}, "/help\n/clear\n/nope\n/quit\nhello\n");
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("glm1-chat-cmds.gguf") &&
                     r.err.contains("/help lists the commands") && r.err.contains("Ctrl-D"),
                 r.err.constData());
        QVERIFY2(r.out.contains("/clear, /reset") && r.out.contains("/quit, /exit") &&
                     r.out.contains("Ctrl-C stops a reply"),
                 r.out.constData());
        QVERIFY(r.out.contains("(new conversation)"));
        QVERIFY(r.err.contains("unknown command /nope"));
        QCOMPARE(r.err.count("prompt tokens"), 0); // nothing reached the model, not even "hello"
    }

    // Ctrl-C while a reply is written stops the reply, not the program: the next message is
    // answered. The reply is held at its first output (stdout on a full pipe) while the signal
    // is sent, so the signal always comes mid-reply.
    void ctrlCStopsTheReply() {
        const QString chat = dir.filePath("glm3-chat-stop.gguf");
        test::write_chat_test_model("glm3", chat.toStdString());
        const QString input = dir.filePath("stop-input.txt");
        {
            QFile f(input);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("hello\nagain\n");
        }
        const QString err_path = dir.filePath("stop.err");
        test::BlockedProgram p(
            GLM_CLI_PATH,
            {"chat", "-m", chat.toStdString(), "-n", "40", "--temperature", "0", "--stats"},
            err_path.toStdString(), input.toStdString());
        QVERIFY(p.pid > 0);
        // Its first output to stdout is the reply's first text: it waits there, mid-reply.
        QTRY_VERIFY_WITH_TIMEOUT(p.blocked_writing(), 120000);
        QCOMPARE(kill(p.pid, SIGINT), 0);
        auto err_text = [&] {
            QFile f(err_path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        std::string out;
        const int status = p.drain_and_wait(&out);
        const QByteArray err = err_text();
        QVERIFY2(WIFEXITED(status) && WEXITSTATUS(status) == 0, err.constData());
        QVERIFY2(err.contains("(reply stopped"), err.constData());
        QCOMPARE(err.count("prompt tokens"), 2); // the second message was answered
        QVERIFY2(err.contains("(cancelled)"), err.constData());
    }

    // At the prompt, Ctrl-C ends the program (nothing to stop) and so does Ctrl-D (end of input).
    void ctrlCOrCtrlDAtThePromptQuits_data() {
        QTest::addColumn<bool>("ctrlC");
        QTest::newRow("Ctrl-C") << true;
        QTest::newRow("Ctrl-D") << false;
    }
    void ctrlCOrCtrlDAtThePromptQuits() {
        QFETCH(bool, ctrlC);
        const QString chat = dir.filePath("glm1-chat-prompt.gguf");
        if (!QFile::exists(chat)) test::write_chat_test_model("glm1", chat.toStdString());
        const QString fifo = dir.filePath(ctrlC ? "prompt-c.fifo" : "prompt-d.fifo");
        QCOMPARE(mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
        test::BlockedProgram p(GLM_CLI_PATH, {"chat", "-m", chat.toStdString(), "-n", "4"},
                               dir.filePath("prompt.err").toStdString(), fifo.toStdString());
        QVERIFY(p.pid > 0);
        const int input = open(fifo.toLocal8Bit().constData(), O_WRONLY); // the user's keyboard
        QVERIFY(input >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(p.blocked_reading(), 120000); // waiting at the prompt
        if (ctrlC)
            QCOMPARE(kill(p.pid, SIGINT), 0);
        else
            close(input);
        const int status = p.drain_and_wait();
        if (ctrlC) close(input);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), ctrlC ? 130 : 0);
    }

    void clearErrors() {
        Run r = cli({"generate", "-m", dir.filePath("missing.gguf"), "--ids", "1,2"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("missing.gguf"));
        r = cli({"logits", "-m", dir.filePath("missing.gguf"), "--ids", "1,x"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("'x' is not a token id"));
        r = cli({"generate", "--bogus"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("unknown option --bogus"));
    }
};

QTEST_GUILESS_MAIN(TestCliEngine)
#include "tst_cli_engine.moc"
