#include "common/launch_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace glm::app {

namespace {

// The translation context of these messages (lupdate reads LaunchOptions::tr).
struct LaunchOptionsText {
    Q_DECLARE_TR_FUNCTIONS(LaunchOptionsText)
};

struct Parser {
    QCommandLineParser p;
    QCommandLineOption dataDir{
        QStringLiteral("data-dir"),
        LaunchOptionsText::tr("Keep settings, conversations and models in DIR (portable "
                              "mode; also GLM_CHAT_DATA_DIR)."),
        QStringLiteral("DIR")};
    QCommandLineOption quitAfter{QStringLiteral("quit-after"),
                                 LaunchOptionsText::tr("Quit after MS milliseconds (tests)."),
                                 QStringLiteral("MS")};
    QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        LaunchOptionsText::tr("Save a screenshot of the window to FILE before quitting."),
        QStringLiteral("FILE")};
    QCommandLineOption send{
        QStringLiteral("send"),
        LaunchOptionsText::tr("Send TEXT once the model is loaded, then quit when the reply is "
                              "complete (tests; also GLM_CHAT_AUTOSEND)."),
        QStringLiteral("TEXT")};
    QCommandLineOption version{QStringLiteral("version"),
                               LaunchOptionsText::tr("Print the version and exit.")};
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")},
                            LaunchOptionsText::tr("Show this help and exit.")};

    Parser() {
        p.setApplicationDescription(LaunchOptionsText::tr("Chat with GLM models on your own GPU."));
        p.addOptions({dataDir, quitAfter, screenshot, send, version, help});
        p.addPositionalArgument(QStringLiteral("model"),
                                LaunchOptionsText::tr("A GGUF model file to open."),
                                QStringLiteral("[MODEL.gguf]"));
    }
};

} // namespace

LaunchOptions LaunchOptions::parse(const QStringList& arguments) {
    LaunchOptions o;
    Parser parser;
    if (!parser.p.parse(arguments)) {
        o.error = parser.p.errorText();
        return o;
    }
    o.showHelp = parser.p.isSet(parser.help);
    o.showVersion = parser.p.isSet(parser.version);
    o.dataDir = parser.p.value(parser.dataDir);
    o.screenshotPath = parser.p.value(parser.screenshot);
    if (parser.p.isSet(parser.quitAfter)) {
        bool ok = false;
        o.quitAfterMs = parser.p.value(parser.quitAfter).toInt(&ok);
        if (!ok || o.quitAfterMs < 0) {
            o.error =
                LaunchOptionsText::tr("--quit-after needs a number of milliseconds, not “%1”.")
                    .arg(parser.p.value(parser.quitAfter));
            return o;
        }
    }
    o.sendText = parser.p.isSet(parser.send) ? parser.p.value(parser.send)
                                             : qEnvironmentVariable(kAutoSendEnvironmentVariable);
    const QStringList positional = parser.p.positionalArguments();
    if (positional.size() > 1) {
        o.error =
            LaunchOptionsText::tr("Give at most one model file; got %1.").arg(positional.size());
        return o;
    }
    if (!positional.isEmpty()) o.modelPath = QFileInfo(positional.first()).absoluteFilePath();
    if (o.dataDir.isEmpty() && parser.p.isSet(parser.dataDir)) {
        o.error = LaunchOptionsText::tr("--data-dir needs a folder.");
        return o;
    }
    return o;
}

QString LaunchOptions::helpText() {
    Parser parser;
    QString text = parser.p.helpText();
    // The usage line names the program: Qt takes the name from the application object, which
    // `glm-chat --help` has not made yet ("Usage: <executable_name> ...").
    static const QRegularExpression usage(QStringLiteral("^(\\S+: )\\S+"));
    text.replace(usage, QStringLiteral("\\1glm-chat"));
    return text;
}

} // namespace glm::app
