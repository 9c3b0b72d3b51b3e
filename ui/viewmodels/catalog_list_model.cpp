#include "viewmodels/catalog_list_model.h"

#include "viewmodels/byte_format.h"

#include <QFutureWatcher>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

using namespace glm::app;

CatalogListModel::CatalogListModel(ModelCatalog catalog, DownloadManager* downloads,
                                   QObject* parent)
    : QAbstractListModel(parent), entries_(catalog.entries()), downloads_(downloads) {
    status_.resize(entries_.size());
    for (qsizetype i = 0; i < entries_.size(); ++i)
        status_[i].state = entries_[i].downloadable() ? RowState::Available : RowState::Unavailable;
    connect(downloads_, &DownloadManager::stateChanged, this, &CatalogListModel::onDownloadChanged);
    connect(downloads_, &DownloadManager::progressChanged, this,
            &CatalogListModel::onDownloadChanged);
    refreshDiskStates();
}

int CatalogListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(entries_.size());
}

QHash<int, QByteArray> CatalogListModel::roleNames() const {
    return {{ModelIdRole, "modelId"},
            {NameRole, "name"},
            {DescriptionRole, "description"},
            {LicenseRole, "license"},
            {GenerationRole, "generation"},
            {RepoRole, "repo"},
            {ModelPageRole, "modelPage"},
            {ParametersTextRole, "parametersText"},
            {DownloadBytesRole, "downloadBytes"},
            {DownloadSizeTextRole, "downloadSizeText"},
            {FileSizeTextRole, "fileSizeText"},
            {VideoMemoryTextRole, "videoMemoryText"},
            {VideoMemoryBytesRole, "videoMemoryBytes"},
            {RamTextRole, "ramText"},
            {DiskNeedTextRole, "diskNeedText"},
            {FitsRole, "fits"},
            {DownloadableRole, "downloadable"},
            {UnavailableReasonRole, "unavailableReason"},
            {StateRole, "downloadState"},
            {ProgressRole, "progress"},
            {ProgressTextRole, "progressText"},
            {SpeedTextRole, "speedText"},
            {EtaTextRole, "etaText"},
            {ErrorTextRole, "errorText"},
            {RetryReasonRole, "retryReason"},
            {CheckpointPathRole, "checkpointPath"},
            {ConversionProgressRole, "conversionProgress"}};
}

// Conversion states come first, then a refusal to start, then the running download, then what
// the disk showed.
CatalogListModel::RowState CatalogListModel::effectiveState(int row) const {
    const RowStatus& st = status_[row];
    if (st.state == RowState::Converting || st.state == RowState::Converted) return st.state;
    if (st.state == RowState::Failed && !st.error.isEmpty()) return RowState::Failed;
    if (ModelDownload* d = downloads_->download(entries_[row].id)) {
        switch (d->state()) {
        case ModelDownload::State::Verifying:
            return RowState::Verifying;
        case ModelDownload::State::Downloading:
            return RowState::Downloading;
        case ModelDownload::State::Paused:
            return RowState::Paused;
        case ModelDownload::State::Failed:
            return RowState::Failed;
        case ModelDownload::State::Completed:
            return RowState::Downloaded;
        case ModelDownload::State::Cancelled:
            return RowState::Available;
        case ModelDownload::State::Idle:
            break;
        }
    }
    return st.state;
}

CatalogListModel::GpuFit CatalogListModel::fits(qint64 needBytes) const {
    if (deviceMemoryBytes_ <= 0) return GpuFit::Unknown;
    return needBytes <= deviceMemoryBytes_ ? GpuFit::Fits : GpuFit::TooBig;
}

QVariant CatalogListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const CatalogEntry& e = entries_[row];
    const RowStatus& st = status_[row];
    const ModelDownload* d = downloads_->download(e.id);
    const bool live = d && d->state() != ModelDownload::State::Idle &&
                      d->state() != ModelDownload::State::Cancelled;
    const RowState state = effectiveState(row);
    switch (role) {
    case ModelIdRole:
        return e.id;
    case Qt::DisplayRole:
    case NameRole:
        return e.name;
    case DescriptionRole:
        return e.description(QLocale().name());
    case LicenseRole:
        return e.license;
    case GenerationRole:
        return QString::fromUtf8(to_string(e.architecture.generation));
    case RepoRole:
        return e.repo;
    case ModelPageRole:
        return downloads_->endpoint().modelPageUrl(e.repo);
    case ParametersTextRole:
        return tr("%1 billion parameters")
            .arg(QLocale().toString(double(tensorInventory(e.architecture).parameters()) / 1e9, 'f',
                                    1));
    case DownloadBytesRole:
        return e.downloadBytesEstimate();
    case DownloadSizeTextRole:
        return e.allFilesVerifiable() ? formatBytes(e.downloadBytesEstimate())
                                      : tr("about %1").arg(formatBytes(e.downloadBytesEstimate()));
    case FileSizeTextRole:
        return formatBytes(computeRequirements(e.architecture, quantType_).fileBytes);
    case VideoMemoryTextRole:
        return formatBytes(computeRequirements(e.architecture, quantType_).videoMemoryBytes);
    case VideoMemoryBytesRole:
        return computeRequirements(e.architecture, quantType_).videoMemoryBytes;
    case RamTextRole:
        return formatBytes(computeRequirements(e.architecture, quantType_).ramBytes);
    case DiskNeedTextRole:
        return formatBytes(e.downloadBytesEstimate() +
                           computeRequirements(e.architecture, quantType_).fileBytes);
    case FitsRole:
        return int(fits(computeRequirements(e.architecture, quantType_).videoMemoryBytes));
    case DownloadableRole:
        return e.downloadable() && (e.allFilesVerifiable());
    case UnavailableReasonRole:
        return e.filesNote;
    case StateRole:
        return int(state);
    case ProgressRole: {
        if (state == RowState::Converting) return st.conversion;
        const qint64 total = live ? d->bytesTotal() : e.downloadBytesEstimate();
        const qint64 done = live ? d->bytesDone() : st.bytesOnDisk;
        if (state == RowState::Downloaded || state == RowState::Converted) return 1.0;
        return total > 0 ? double(done) / double(total) : -1.0;
    }
    case ProgressTextRole: {
        const qint64 total = live ? d->bytesTotal() : e.downloadBytesEstimate();
        const qint64 done = live ? d->bytesDone() : st.bytesOnDisk;
        return tr("%1 of %2").arg(formatBytes(done), formatBytes(total));
    }
    case SpeedTextRole: // empty until there is a speed worth showing
        return live && state == RowState::Downloading && d->bytesPerSecond() >= 1.0
                   ? tr("%1/s").arg(formatBytes(qint64(d->bytesPerSecond())))
                   : QString();
    case EtaTextRole:
        return live && state == RowState::Downloading ? formatDuration(d->etaSeconds()) : QString();
    case ErrorTextRole:
        // A refusal to start or a failed conversion, else the download's own error.
        if (!st.error.isEmpty()) return st.error;
        return state == RowState::Failed && d ? d->errorString() : QString();
    case RetryReasonRole:
        return live ? d->retryReason() : QString();
    case CheckpointPathRole:
        return state == RowState::Downloaded || state == RowState::Converting ||
                       state == RowState::Converted
                   ? downloads_->checkpointDirectory(e.id)
                   : QString();
    case ConversionProgressRole:
        return st.conversion;
    }
    return {};
}

int CatalogListModel::rowOf(const QString& modelId) const {
    for (qsizetype i = 0; i < entries_.size(); ++i)
        if (entries_[i].id == modelId) return int(i);
    return -1;
}

void CatalogListModel::emitRowChanged(int row) {
    if (row < 0) return;
    emit dataChanged(index(row), index(row));
}

void CatalogListModel::onDownloadChanged(const QString& modelId) {
    emitRowChanged(rowOf(modelId));
}

void CatalogListModel::setDeviceMemoryBytes(qint64 bytes) {
    if (bytes == deviceMemoryBytes_) return;
    deviceMemoryBytes_ = bytes;
    emit deviceMemoryBytesChanged();
    if (!entries_.isEmpty()) emit dataChanged(index(0), index(rowCount() - 1), {FitsRole});
}

void CatalogListModel::setDeviceName(const QString& name) {
    if (name == deviceName_) return;
    deviceName_ = name;
    emit deviceNameChanged();
}

void CatalogListModel::setDeviceIsCpu(bool cpu) {
    if (cpu == deviceIsCpu_) return;
    deviceIsCpu_ = cpu;
    emit deviceNameChanged();
}

void CatalogListModel::setQuantType(const QString& key) {
    const auto t = quantTypeFromKey(key);
    if (!t || *t == quantType_) return;
    quantType_ = *t;
    emit quantTypeChanged();
    if (!entries_.isEmpty())
        emit dataChanged(index(0), index(rowCount() - 1),
                         {FileSizeTextRole, VideoMemoryTextRole, VideoMemoryBytesRole, RamTextRole,
                          DiskNeedTextRole, FitsRole});
}

QString CatalogListModel::deviceMemoryText() const {
    return deviceMemoryBytes_ > 0 ? formatBytes(deviceMemoryBytes_) : QString();
}

QStringList CatalogListModel::quantTypes() const {
    return {quantTypeKey(QuantType::Q4_0), quantTypeKey(QuantType::Q8_0),
            quantTypeKey(QuantType::F16)};
}

void CatalogListModel::setConversionAvailable(bool available) {
    if (available == conversionAvailable_) return;
    conversionAvailable_ = available;
    emit conversionAvailableChanged();
}

QVariantMap CatalogListModel::requirementsFor(int row, const QString& quantType) const {
    const auto t = quantTypeFromKey(quantType);
    if (row < 0 || row >= rowCount() || !t) return {};
    const ModelRequirements r = computeRequirements(entries_[row].architecture, *t);
    return {{QStringLiteral("fileSizeText"), formatBytes(r.fileBytes)},
            {QStringLiteral("videoMemoryText"), formatBytes(r.videoMemoryBytes)},
            {QStringLiteral("ramText"), formatBytes(r.ramBytes)},
            {QStringLiteral("fits"), int(fits(r.videoMemoryBytes))}};
}

void CatalogListModel::download(int row) {
    if (row < 0 || row >= rowCount()) return;
    RowStatus& st = status_[row];
    st.error.clear();
    if (st.state == RowState::Failed) st.state = RowState::Available;
    QString error;
    if (!downloads_->start(entries_[row], &error)) {
        st.state = RowState::Failed;
        st.error = error;
    }
    emitRowChanged(row);
}

void CatalogListModel::pause(int row) {
    if (row < 0 || row >= rowCount()) return;
    downloads_->pause(entries_[row].id);
    emitRowChanged(row);
}

void CatalogListModel::cancel(int row) {
    if (row < 0 || row >= rowCount()) return;
    downloads_->cancel(entries_[row]);
    status_[row] = RowStatus{
        entries_[row].downloadable() ? RowState::Available : RowState::Unavailable, {}, 0, -1};
    emitRowChanged(row);
}

void CatalogListModel::convert(int row, const QString& quantType) {
    if (row < 0 || row >= rowCount() || effectiveState(row) != RowState::Downloaded ||
        !conversionAvailable_)
        return;
    const auto t = quantTypeFromKey(quantType);
    if (!t) return;
    status_[row].state = RowState::Converting;
    status_[row].conversion = 0.0;
    emitRowChanged(row);
    emit convertRequested(entries_[row].id, downloads_->checkpointDirectory(entries_[row].id),
                          quantTypeKey(*t));
}

void CatalogListModel::conversionProgress(const QString& modelId, double fraction) {
    const int row = rowOf(modelId);
    if (row < 0 || status_[row].state != RowState::Converting) return;
    status_[row].conversion = qBound(0.0, fraction, 1.0);
    emitRowChanged(row);
}

void CatalogListModel::conversionFinished(const QString& modelId, const QString& modelPath) {
    const int row = rowOf(modelId);
    if (row < 0) return;
    status_[row].state = RowState::Converted;
    status_[row].conversion = 1.0;
    emitRowChanged(row);
    emit modelConverted(modelPath);
}

void CatalogListModel::conversionFailed(const QString& modelId, const QString& message) {
    const int row = rowOf(modelId);
    if (row < 0) return;
    // Back to "downloaded" (the checkpoint is still there), with the reason shown.
    status_[row].state = RowState::Downloaded;
    status_[row].conversion = -1;
    status_[row].error = message;
    emitRowChanged(row);
}

void CatalogListModel::refreshDiskStates() {
    struct Found {
        DownloadManager::DiskState state;
        qint64 bytes;
    };
    QList<QPair<QString, CatalogEntry>> jobs;
    for (const CatalogEntry& e : entries_) jobs.append({downloads_->checkpointDirectory(e.id), e});
    auto* watcher = new QFutureWatcher<QList<Found>>(this);
    connect(watcher, &QFutureWatcher<QList<Found>>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const QList<Found> found = watcher->result();
        for (qsizetype i = 0; i < found.size() && i < status_.size(); ++i) {
            RowStatus& st = status_[i];
            if (st.state != RowState::Available) continue; // something happened meanwhile
            st.bytesOnDisk = found[i].bytes;
            if (found[i].state == DownloadManager::DiskState::Complete)
                st.state = RowState::Downloaded;
            else if (found[i].state == DownloadManager::DiskState::Partial)
                st.state = RowState::Partial;
            emitRowChanged(int(i));
        }
    });
    watcher->setFuture(QtConcurrent::run([jobs] {
        QList<Found> out;
        for (const auto& [dir, entry] : jobs) {
            Found f{DownloadManager::DiskState::Nothing, 0};
            f.state = DownloadManager::diskStateOf(dir, entry, &f.bytes);
            out.append(f);
        }
        return out;
    }));
}
