#include "viewmodels/installed_models_model.h"

#include "viewmodels/byte_format.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>

using namespace glm::app;

InstalledModelsModel::InstalledModelsModel(ModelLibrary* library, QObject* parent)
    : QAbstractListModel(parent), library_(library) {
    connect(library_, &ModelLibrary::modelsChanged, this, &InstalledModelsModel::onModelsChanged);
    connect(library_, &ModelLibrary::busyChanged, this, &InstalledModelsModel::busyChanged);
    connect(library_, &ModelLibrary::operationFailed, this, [this](const QString& message) {
        if (importing_) {
            importing_ = false;
            emit importingChanged();
        }
        setError(message);
    });
    connect(library_, &ModelLibrary::importProgress, this, [this](qint64 done, qint64 total) {
        importProgress_ = total > 0 ? double(done) / double(total) : 0.0;
        emit importingChanged();
    });
    connect(library_, &ModelLibrary::importFinished, this, [this] {
        importing_ = false;
        importProgress_ = 1.0;
        emit importingChanged();
    });
    connect(library_, &ModelLibrary::stalePartialsRemoved, this,
            [this](const QStringList& names, qint64 bytes) {
                notice_ = tr("Removed %n unfinished file(s) left by an interrupted conversion or "
                             "import (%1): %2",
                             nullptr, int(names.size()))
                              .arg(formatBytes(bytes), names.join(QStringLiteral(", ")));
                emit noticeChanged();
            });
    onModelsChanged();
}

void InstalledModelsModel::dismissNotice() {
    notice_.clear();
    emit noticeChanged();
}

void InstalledModelsModel::setLoadedModelPath(const QString& path) {
    library_->setLoadedModelPath(path); // lists it when it is outside the folder (a rescan)
    if (!rows_.isEmpty()) emit dataChanged(index(0), index(rowCount() - 1));
}

bool InstalledModelsModel::isLoaded(const InstalledModel& m) const {
    const QString loaded = library_->loadedModelPath();
    return !loaded.isEmpty() && m.kind == InstalledModel::Kind::Gguf &&
           QDir::cleanPath(QFileInfo(loaded).absoluteFilePath()) == QDir::cleanPath(m.path);
}

QString InstalledModelsModel::deleteBlockedReason(const InstalledModel& m) const {
    if (isLoaded(m)) return tr("This model is loaded. Load another model (or close it) first.");
    if (m.outsideModelsFolder)
        return tr("Opened from another folder; GLM Chat deletes only models in its models folder.");
    return {};
}

int InstalledModelsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

QHash<int, QByteArray> InstalledModelsModel::roleNames() const {
    return {{NameRole, "name"},         {PathRole, "path"},
            {KindRole, "kind"},         {SizeTextRole, "sizeText"},
            {FileTypeRole, "fileType"}, {ArchitectureRole, "architecture"},
            {ProblemRole, "problem"},   {ModelIdRole, "modelId"},
            {VerifiedRole, "verified"}, {LoadedRole, "loaded"},
            {OutsideRole, "outside"},   {DeleteBlockedReasonRole, "deleteBlockedReason"}};
}

QVariant InstalledModelsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const InstalledModel& m = rows_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return m.displayName;
    case PathRole:
        return m.path;
    case KindRole:
        return int(m.kind == InstalledModel::Kind::Gguf ? Kind::Gguf : Kind::Checkpoint);
    case SizeTextRole:
        return formatBytes(m.sizeBytes);
    case FileTypeRole:
        return m.fileType;
    case ArchitectureRole:
        return m.architecture;
    case ProblemRole:
        return m.problem;
    case ModelIdRole:
        return m.modelId;
    case VerifiedRole:
        return m.verified;
    case LoadedRole:
        return isLoaded(m);
    case OutsideRole:
        return m.outsideModelsFolder;
    case DeleteBlockedReasonRole:
        return deleteBlockedReason(m);
    }
    return {};
}

void InstalledModelsModel::onModelsChanged() {
    beginResetModel();
    rows_ = library_->models();
    endResetModel();
}

void InstalledModelsModel::setError(const QString& message) {
    lastError_ = message;
    emit lastErrorChanged();
}

void InstalledModelsModel::clearError() {
    setError({});
}

void InstalledModelsModel::refresh() {
    library_->refresh();
}

void InstalledModelsModel::open(int row) {
    if (row < 0 || row >= rowCount()) return;
    emit openRequested(rows_[row].path);
}

void InstalledModelsModel::remove(int row) {
    if (row < 0 || row >= rowCount()) return;
    if (const QString why = deleteBlockedReason(rows_[row]); !why.isEmpty()) return setError(why);
    library_->remove(rows_[row].path);
}

bool InstalledModelsModel::showInFolder(int row) {
    if (row < 0 || row >= rowCount()) return false;
    const QFileInfo fi(rows_[row].path);
    // A checkpoint is a folder: open it; a file: open the folder that holds it.
    const QString folder = fi.isDir() ? fi.absoluteFilePath() : fi.absolutePath();
    const bool ok = QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
    if (!ok) setError(tr("Could not open %1 in the file manager.").arg(folder));
    return ok;
}

void InstalledModelsModel::importGguf(const QUrl& file, bool move) {
    if (!file.isLocalFile()) {
        setError(tr("Only files on this computer can be imported."));
        return;
    }
    clearError();
    importing_ = true;
    importProgress_ = 0;
    emit importingChanged();
    library_->importGguf(file.toLocalFile(),
                         move ? ModelLibrary::ImportMode::Move : ModelLibrary::ImportMode::Copy);
}

void InstalledModelsModel::cancelImport() {
    library_->cancelImport();
}
