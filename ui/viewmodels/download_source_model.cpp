#include "viewmodels/download_source_model.h"

#include "downloads/hf_endpoint.h"

#include <QRegularExpression>

using namespace glm::app;

DownloadSourceModel::DownloadSourceModel(AppSettings* settings, DownloadManager* downloads,
                                         QProcessEnvironment environment, QObject* parent)
    : QObject(parent), settings_(settings), downloads_(downloads),
      environment_(std::move(environment)) {
    applyToDownloads();
}

QString DownloadSourceModel::effectiveEndpoint() const {
    return downloads_->endpoint().base().toString();
}

void DownloadSourceModel::applyToDownloads() {
    QString why;
    if (auto e = HfEndpoint::resolve(settings_->downloadEndpoint(), environment_, &why)) {
        downloads_->setEndpoint(*e);
        error_.clear();
    } else {
        // A stored value that no longer parses (a hand-edited file): the hub, and say so.
        downloads_->setEndpoint(HfEndpoint());
        error_ = tr("The download source cannot be used (%1); downloading from %2 instead.")
                     .arg(why, QString::fromLatin1(HfEndpoint::kDefault));
    }
    downloads_->setToken(settings_->downloadToken());
}

bool DownloadSourceModel::apply(const QString& endpoint, const QString& token, bool keepToken) {
    const QString trimmed = endpoint.trimmed();
    QString why;
    if (!trimmed.isEmpty() && !HfEndpoint::parse(trimmed, &why)) {
        error_ = tr("Not saved: %1.").arg(why);
        emit changed();
        return false;
    }
    const QString cleanToken = token.trimmed();
    if (!keepToken && cleanToken.contains(QRegularExpression(QStringLiteral("\\s")))) {
        error_ = tr("Not saved: an access token has no spaces or line breaks.");
        emit changed();
        return false;
    }
    settings_->setDownloadEndpoint(trimmed);
    if (!keepToken) settings_->setDownloadToken(cleanToken.toUtf8());
    settings_->sync();
    applyToDownloads();
    emit changed();
    return true;
}
