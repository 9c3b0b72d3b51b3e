// glm-chat's command line:
//   glm-chat [MODEL.gguf] [--data-dir DIR] [--quit-after MS] [--screenshot FILE] [--send TEXT]
//   glm-chat --version | --help
// --quit-after, --screenshot and --send exist for tests and the packaging check: --send types
// TEXT into the composer and sends it once the model is loaded (the environment variable
// GLM_CHAT_AUTOSEND does the same), then the app saves the screenshot and quits when the reply
// is complete.
#pragma once

#include <QString>
#include <QStringList>

namespace glm::app {

struct LaunchOptions {
    static constexpr const char* kAutoSendEnvironmentVariable = "GLM_CHAT_AUTOSEND";

    QString modelPath;    // absolute; empty when not given
    QString dataDir;      // --data-dir
    int quitAfterMs = -1; // -1: never
    QString screenshotPath;
    QString sendText;

    bool showHelp = false;
    bool showVersion = false;
    QString error; // a message for the user; the app prints it with the help and exits with 2

    // arguments[0] is the program. Reads GLM_CHAT_AUTOSEND when --send is absent.
    static LaunchOptions parse(const QStringList& arguments);
    static QString helpText();
};

} // namespace glm::app
