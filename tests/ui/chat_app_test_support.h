// The real glm-chat window (ChatApp, Main.qml) as the GUI tests start it: offscreen, a fresh data
// folder, the tiny chat model opened from the command line and loaded.
#pragma once

#include "chat_app.h"
#include "golden_models.h"
#include "viewmodels/model_controller.h"
#include "viewmodels/ui_setup.h"
#include "window_test_support.h"

#include <QTemporaryDir>
#include <memory>

namespace glm::test {

// Writes DIR/tiny-chatglm3.gguf (its path in *modelPath), starts the app with DIR/data and waits
// until the window shows and the model is ready. Check QTest::currentTestFailed() after it.
inline void startChatAppWithTestModel(const QTemporaryDir& dir, QString* modelPath,
                                      std::unique_ptr<ChatApp>* app) {
    // lavapipe computes on the CPU with one thread per core; on this test machine that would
    // take the cores from the UI thread, which a real GPU does not. One thread leaves the UI
    // thread a core, as on a machine with a GPU.
    qputenv("LP_NUM_THREADS", "1");
    glm::ui::setUpUi();
    *modelPath = dir.filePath(QStringLiteral("tiny-chatglm3.gguf"));
    write_chat_test_model("glm3", modelPath->toStdString());
    glm::app::LaunchOptions options;
    options.modelPath = *modelPath;
    const auto data = glm::app::DataDirectory::resolve(dir.filePath(QStringLiteral("data")));
    QString error;
    QVERIFY2(data.prepare(&error), qPrintable(error));
    *app = std::make_unique<ChatApp>(options, data);
    QVERIFY((*app)->start());
    QVERIFY(QTest::qWaitForWindowExposed((*app)->window()));
    QVERIFY(waitUntil([&] { return (*app)->model()->isReady(); }, 60000));
}

} // namespace glm::test
