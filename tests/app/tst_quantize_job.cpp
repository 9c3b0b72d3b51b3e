// QuantizeJob and the model manager's conversion controller: a checkpoint becomes a GGUF model
// on a worker thread, with progress, cancel (nothing left behind) and clear failures.
#include "conversion_controller.h"
#include "formats/gguf.h"
#include "models/model_config.h"
#include "quantize_job.h"
#include "test_files.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using glm::app::QuantizeJob;

namespace {

QString fixture(const char* name) {
    return QString::fromStdString((glm::test::test_data_dir() / "checkpoints" / name).string());
}

// A ChatGLM2-layout safetensors checkpoint of ~`mb` MB (fp32), big enough to cancel mid-way.
void write_big_checkpoint(const QString& dir, int layers) {
    QDir().mkpath(dir);
    const int H = 512, F = 1536, V = 8192, KV = 128, Q = H;
    nlohmann::json config = {{"model_type", "chatglm"}, {"architectures", {"ChatGLMModel"}}, {"add_bias_linear", false},
                             {"add_qkv_bias", true}, {"ffn_hidden_size", F}, {"hidden_size", H}, {"kv_channels", 64},
                             {"layernorm_epsilon", 1e-5}, {"multi_query_attention", true}, {"multi_query_group_num", 1},
                             {"num_attention_heads", 8}, {"num_layers", layers}, {"padded_vocab_size", V},
                             {"post_layer_norm", true}, {"rmsnorm", true}, {"seq_length", 512}, {"torch_dtype", "float32"},
                             {"tie_word_embeddings", false}, {"eos_token_id", 2}, {"pad_token_id", 0},
                             {"_name_or_path", "THUDM/chatglm2-6b"}};
    QFile cf(dir + "/config.json");
    QVERIFY(cf.open(QIODevice::WriteOnly));
    cf.write(QByteArray::fromStdString(config.dump()));
    cf.close();
    std::vector<std::pair<std::string, std::vector<uint64_t>>> tensors = {{"transformer.embedding.word_embeddings.weight", {uint64_t(V), uint64_t(H)}}};
    const std::string p = "transformer.encoder.layers.";
    for (int l = 0; l < layers; ++l) {
        const std::string n = p + std::to_string(l) + ".";
        tensors.push_back({n + "input_layernorm.weight", {uint64_t(H)}});
        tensors.push_back({n + "self_attention.query_key_value.weight", {uint64_t(Q + 2 * KV / 2), uint64_t(H)}});
        tensors.push_back({n + "self_attention.query_key_value.bias", {uint64_t(Q + 2 * KV / 2)}});
        tensors.push_back({n + "self_attention.dense.weight", {uint64_t(H), uint64_t(Q)}});
        tensors.push_back({n + "post_attention_layernorm.weight", {uint64_t(H)}});
        tensors.push_back({n + "mlp.dense_h_to_4h.weight", {uint64_t(2 * F), uint64_t(H)}});
        tensors.push_back({n + "mlp.dense_4h_to_h.weight", {uint64_t(H), uint64_t(F)}});
    }
    tensors.push_back({"transformer.encoder.final_layernorm.weight", {uint64_t(H)}});
    tensors.push_back({"transformer.output_layer.weight", {uint64_t(V), uint64_t(H)}});
    nlohmann::json header = nlohmann::json::object();
    uint64_t offset = 0;
    for (auto& [name, shape] : tensors) {
        uint64_t n = 1;
        for (auto d : shape) n *= d;
        header[name] = {{"dtype", "F32"}, {"shape", shape}, {"data_offsets", {offset, offset + n * 4}}};
        offset += n * 4;
    }
    std::string h = header.dump();
    QFile f(dir + "/model.safetensors");
    QVERIFY(f.open(QIODevice::WriteOnly));
    const uint64_t len = h.size();
    f.write(reinterpret_cast<const char*>(&len), 8);
    f.write(h.data(), qint64(h.size()));
    std::vector<float> chunk(1 << 20);
    for (size_t i = 0; i < chunk.size(); ++i) chunk[i] = float(int(i % 2001) - 1000) / 4000.0f + 1e-3f;
    for (uint64_t done = 0; done < offset; done += chunk.size() * 4)
        f.write(reinterpret_cast<const char*>(chunk.data()), qint64(std::min<uint64_t>(chunk.size() * 4, offset - done)));
}

} // namespace

class TestQuantizeJob : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;

private slots:
    void convertsWithProgress() {
        QuantizeJob job;
        QSignalSpy progress(&job, &QuantizeJob::progress), finished(&job, &QuantizeJob::finished),
            failed(&job, &QuantizeJob::failed);
        const QString out = tmp.filePath(QuantizeJob::outputFileName(fixture("glm1-fp16-sharded"), glm::TensorType::Q4_0));
        QCOMPARE(QFileInfo(out).fileName(), QString("glm1-fp16-sharded-q4_0.gguf"));
        QVERIFY(job.start(fixture("glm1-fp16-sharded"), out, glm::TensorType::Q4_0));
        QVERIFY(job.running());
        QVERIFY(finished.wait(60000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(finished.at(0).at(0).toString(), out);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toDouble(), 1.0);
        glm::GgufFile f = glm::GgufFile::open(out.toStdString());
        glm::ModelConfig c = glm::read_model_config(f);
        QVERIFY(c.is_glm1());
        QCOMPARE(f.tensor("blk.0.attn_qkv.weight")->type, glm::TensorType::Q4_0);
        QVERIFY(!QFileInfo::exists(out + ".partial"));
        QVERIFY(!job.running());
    }

    void cancelLeavesNothing() {
        const QString dir = tmp.filePath("big");
        write_big_checkpoint(dir, 12); // ~120 MB of fp32
        QuantizeJob job;
        QSignalSpy progress(&job, &QuantizeJob::progress), cancelled(&job, &QuantizeJob::cancelled),
            finished(&job, &QuantizeJob::finished);
        const QString out = tmp.filePath("big-q4_0.gguf");
        auto canceller = connect(&job, &QuantizeJob::progress, &job, [&] { job.cancel(); });
        QVERIFY(job.start(dir, out, glm::TensorType::Q4_0));
        QVERIFY(cancelled.wait(60000));
        QCOMPARE(finished.count(), 0);
        QVERIFY(!QFileInfo::exists(out));
        QVERIFY(!QFileInfo::exists(out + ".partial"));
        // and it can run again afterwards
        disconnect(canceller);
        QSignalSpy done(&job, &QuantizeJob::finished);
        QVERIFY(job.start(fixture("glm2-fp16"), tmp.filePath("again.gguf"), glm::TensorType::Q8_0));
        QVERIFY(done.wait(60000));
    }

    void notACheckpoint() {
        QuantizeJob job;
        QSignalSpy failed(&job, &QuantizeJob::failed);
        QDir().mkpath(tmp.filePath("empty"));
        QVERIFY(job.start(tmp.filePath("empty"), tmp.filePath("x.gguf"), glm::TensorType::Q4_0));
        QVERIFY(failed.wait(30000));
        QVERIFY2(failed.at(0).at(0).toString().contains("config.json"), qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(!QFileInfo::exists(tmp.filePath("x.gguf")));
    }

    void controllerImportsAFolder() {
        const QString models = tmp.filePath("models");
        glm::app::ModelLibrary library(models);
        ConversionController ctl(nullptr, &library);
        QSignalSpy converted(&ctl, &ConversionController::converted);
        ctl.importFolder(QUrl::fromLocalFile(fixture("glm3-fp16")), "Q8_0");
        QVERIFY(ctl.busy());
        // The fixture has no tokenizer.model: the controller asks before converting.
        QTRY_VERIFY_WITH_TIMEOUT(!ctl.tokenizerWarning().isEmpty(), 30000);
        QVERIFY(ctl.tokenizerWarning().contains("tokenizer.model"));
        QVERIFY(!QDir(models).exists() || QDir(models).isEmpty());
        ctl.convertAnyway();
        QVERIFY(converted.wait(60000));
        QVERIFY(ctl.errorText().contains("cannot chat"));
        const QString path = converted.at(0).at(0).toString();
        QVERIFY(path.startsWith(models));
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(ctl.deletableCheckpoint().isEmpty()); // the user's own folder is never offered for deletion
        // the same again: refused, the existing model is kept
        ctl.importFolder(QUrl::fromLocalFile(fixture("glm3-fp16")), "Q8_0");
        QTRY_VERIFY(!ctl.busy());
        QVERIFY(ctl.errorText().contains("already exists"));
        // not a checkpoint: refused with the reason, before any conversion starts
        QDir().mkpath(tmp.filePath("photos"));
        ctl.importFolder(QUrl::fromLocalFile(tmp.filePath("photos")), "Q4_0");
        QTRY_VERIFY(!ctl.busy());
        QVERIFY(!ctl.errorText().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestQuantizeJob)
#include "tst_quantize_job.moc"
