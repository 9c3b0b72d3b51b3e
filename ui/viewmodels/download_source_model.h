// The model manager's "Download source": the endpoint models are downloaded from (the Hugging
// Face hub or a mirror such as https://hf-mirror.com) and an optional access token for gated
// models. Validated with HfEndpoint::parse, stored in AppSettings and applied to the download
// manager at once. The token is never shown again, logged or put in an error message; the dialog
// only learns whether one is set.
#pragma once

#include "common/app_settings.h"
#include "downloads/download_manager.h"

#include <QObject>
#include <QProcessEnvironment>
#include <qqmlregistration.h>

class DownloadSourceModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the application with its settings and download manager")
    // The endpoint the user set ("" when none: then HF_ENDPOINT or the hub).
    Q_PROPERTY(QString endpoint READ endpoint NOTIFY changed)
    // What downloads use now.
    Q_PROPERTY(QString effectiveEndpoint READ effectiveEndpoint NOTIFY changed)
    Q_PROPERTY(bool hasToken READ hasToken NOTIFY changed)
    Q_PROPERTY(QString errorText READ errorText NOTIFY changed)

public:
    DownloadSourceModel(glm::app::AppSettings* settings, glm::app::DownloadManager* downloads,
                        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(),
                        QObject* parent = nullptr);

    QString endpoint() const { return settings_->downloadEndpoint(); }
    QString effectiveEndpoint() const;
    bool hasToken() const { return !settings_->downloadToken().isEmpty(); }
    QString errorText() const { return error_; }

    // Checks and stores the endpoint ("" for the default) and, unless keepToken, the token
    // ("" removes it). Returns false with errorText when the endpoint is not usable; nothing
    // changes then.
    Q_INVOKABLE bool apply(const QString& endpoint, const QString& token, bool keepToken);

signals:
    void changed();

private:
    void applyToDownloads();

    glm::app::AppSettings* settings_;
    glm::app::DownloadManager* downloads_;
    QProcessEnvironment environment_;
    QString error_;
};
