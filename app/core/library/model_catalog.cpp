#include "library/model_catalog.h"

#include "library/model_requirements.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>

namespace glm::app {
namespace {

// Thrown inside the parser only; parse() turns it into the error string.
struct CatalogError {
    QString message;
};

[[noreturn]] void fail(const QString& where, const QString& what) {
    throw CatalogError{where + QStringLiteral(": ") + what};
}

QJsonValue member(const QJsonObject& o, const QString& where, const QString& key) {
    if (!o.contains(key)) fail(where, QStringLiteral("missing field \"%1\"").arg(key));
    return o.value(key);
}

QString requireString(const QJsonObject& o, const QString& where, const QString& key) {
    const QJsonValue v = member(o, where, key);
    if (!v.isString() || v.toString().isEmpty())
        fail(where + u'.' + key, QStringLiteral("expected a non-empty string"));
    return v.toString();
}

QString optionalString(const QJsonObject& o, const QString& where, const QString& key) {
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) return {};
    if (!v.isString()) fail(where + u'.' + key, QStringLiteral("expected a string"));
    return v.toString();
}

// JSON numbers are doubles: accept only exact integers in range.
qint64 requireInteger(const QJsonValue& v, const QString& where, qint64 lo, qint64 hi) {
    const double d = v.toDouble(-1.0);
    if (!v.isDouble() || d != double(qint64(d)) || d < double(lo) || d > double(hi))
        fail(where, QStringLiteral("expected an integer between %1 and %2").arg(lo).arg(hi));
    return qint64(d);
}

int requireInt(const QJsonObject& o, const QString& where, const QString& key) {
    return int(requireInteger(member(o, where, key), where + u'.' + key, 0, 1 << 24));
}

// "glm1, glm2, ...": the keys the catalogue may name, from the engine's architecture table.
QString generationKeys() {
    QStringList keys;
    for (Generation g : kAllGenerations) keys << QString::fromLatin1(architecture(g).key);
    return keys.join(QStringLiteral(", "));
}

ModelArchitecture parseArchitecture(const QJsonObject& o, const QString& where, Generation g) {
    ModelArchitecture a;
    a.generation = g;
    a.hidden = requireInt(o, where, QStringLiteral("hidden"));
    a.layers = requireInt(o, where, QStringLiteral("layers"));
    a.heads = requireInt(o, where, QStringLiteral("heads"));
    a.kvHeads = requireInt(o, where, QStringLiteral("kvHeads"));
    a.headDim = requireInt(o, where, QStringLiteral("headDim"));
    a.ffn = requireInt(o, where, QStringLiteral("ffn"));
    a.vocab = requireInt(o, where, QStringLiteral("vocab"));
    a.maxContext = requireInt(o, where, QStringLiteral("maxContext"));
    const QJsonValue tied = member(o, where, QStringLiteral("tiedHead"));
    if (!tied.isBool())
        fail(where + QStringLiteral(".tiedHead"), QStringLiteral("expected true or false"));
    a.tiedHead = tied.toBool();
    if (const QString p = a.problem(); !p.isEmpty()) fail(where, p);
    return a;
}

CatalogFile parseFile(const QJsonValue& v, const QString& where) {
    if (!v.isObject()) fail(where, QStringLiteral("expected an object"));
    const QJsonObject o = v.toObject();
    CatalogFile f;
    f.name = requireString(o, where, QStringLiteral("name"));
    if (!isSafeRelativePath(f.name))
        fail(where + QStringLiteral(".name"),
             QStringLiteral(
                 "\"%1\" is not a plain relative file name (letters, digits, . _ - and /)")
                 .arg(f.name));
    // "size": null and "sha256": null say "not known"; a missing key is a mistake in the file.
    const QJsonValue size = member(o, where, QStringLiteral("size"));
    if (!size.isNull())
        f.size = requireInteger(size, where + QStringLiteral(".size"), 0, qint64(1) << 50);
    const QJsonValue sha = member(o, where, QStringLiteral("sha256"));
    if (!sha.isNull()) {
        static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
        if (!sha.isString() || !hex.match(sha.toString()).hasMatch())
            fail(where + QStringLiteral(".sha256"),
                 QStringLiteral("expected 64 lowercase hex digits or null"));
        f.sha256 = sha.toString();
    }
    return f;
}

CatalogEntry parseEntry(const QJsonValue& v, const QString& where) {
    if (!v.isObject()) fail(where, QStringLiteral("expected an object"));
    const QJsonObject o = v.toObject();
    CatalogEntry e;
    e.id = requireString(o, where, QStringLiteral("id"));
    static const QRegularExpression idPattern(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,63}$"));
    if (!idPattern.match(e.id).hasMatch())
        fail(where + QStringLiteral(".id"),
             QStringLiteral("use lowercase letters, digits, '.', '_' and '-'"));
    e.name = requireString(o, where, QStringLiteral("name"));
    e.repo = requireString(o, where, QStringLiteral("repo"));
    static const QRegularExpression repoPattern(
        QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$"));
    if (!repoPattern.match(e.repo).hasMatch() || e.repo.contains(QStringLiteral("..")))
        fail(where + QStringLiteral(".repo"), QStringLiteral("expected \"owner/name\""));
    e.revision = requireString(o, where, QStringLiteral("revision"));
    static const QRegularExpression revPattern(QStringLiteral("^[A-Za-z0-9._-]{1,100}$"));
    if (!revPattern.match(e.revision).hasMatch() || e.revision.contains(QStringLiteral("..")))
        fail(where + QStringLiteral(".revision"),
             QStringLiteral("expected a commit id or a branch name"));
    e.license = requireString(o, where, QStringLiteral("license"));
    e.filesNote = optionalString(o, where, QStringLiteral("filesNote"));
    const QJsonValue desc = member(o, where, QStringLiteral("description"));
    if (!desc.isObject())
        fail(where + QStringLiteral(".description"),
             QStringLiteral("expected {\"en\": ..., \"zh\": ...}"));
    e.descriptionEn = requireString(desc.toObject(), where + QStringLiteral(".description"),
                                    QStringLiteral("en"));
    e.descriptionZh = optionalString(desc.toObject(), where + QStringLiteral(".description"),
                                     QStringLiteral("zh"));

    const QString genKey = requireString(o, where, QStringLiteral("generation"));
    const auto gen = generation_from_key(genKey.toStdString());
    if (!gen)
        fail(where + QStringLiteral(".generation"),
             QStringLiteral("\"%1\" is not one of %2").arg(genKey, generationKeys()));
    const QJsonValue arch = member(o, where, QStringLiteral("architecture"));
    if (!arch.isObject())
        fail(where + QStringLiteral(".architecture"), QStringLiteral("expected an object"));
    e.architecture =
        parseArchitecture(arch.toObject(), where + QStringLiteral(".architecture"), *gen);

    const QJsonValue files = member(o, where, QStringLiteral("files"));
    if (!files.isArray())
        fail(where + QStringLiteral(".files"), QStringLiteral("expected an array"));
    QSet<QString> seen;
    const QJsonArray fileArray = files.toArray();
    for (qsizetype i = 0; i < fileArray.size(); ++i) {
        const QString fw = QStringLiteral("%1.files[%2]").arg(where).arg(i);
        CatalogFile f = parseFile(fileArray.at(i), fw);
        if (seen.contains(f.name.toLower()))
            fail(fw, QStringLiteral("file \"%1\" is listed twice").arg(f.name));
        seen.insert(f.name.toLower());
        e.files.append(f);
    }
    if (e.files.isEmpty() && e.filesNote.isEmpty())
        fail(where + QStringLiteral(".files"),
             QStringLiteral("empty: give the files or a filesNote saying why not"));
    return e;
}

} // namespace

bool isSafeRelativePath(const QString& path) {
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$"));
    if (path.size() > 255 || !pattern.match(path).hasMatch()) return false;
    for (const QString& part : path.split(u'/'))
        if (part == QStringLiteral(".") || part == QStringLiteral("..")) return false;
    return true;
}

bool CatalogEntry::revisionPinned() const {
    static const QRegularExpression commit(QStringLiteral("^[0-9a-f]{40}$"));
    return commit.match(revision).hasMatch();
}

bool CatalogEntry::allFilesVerifiable() const {
    for (const CatalogFile& f : files)
        if (!f.verifiable()) return false;
    return !files.isEmpty();
}

qint64 CatalogEntry::knownDownloadBytes() const {
    qint64 sum = 0;
    for (const CatalogFile& f : files) sum += qMax<qint64>(f.size, 0);
    return sum;
}

qint64 CatalogEntry::downloadBytesEstimate() const {
    for (const CatalogFile& f : files)
        if (f.size < 0) return qMax(knownDownloadBytes(), checkpointBytesEstimate(architecture));
    return files.isEmpty() ? checkpointBytesEstimate(architecture) : knownDownloadBytes();
}

QString CatalogEntry::description(const QString& localeName) const {
    if (localeName.startsWith(QStringLiteral("zh")) && !descriptionZh.isEmpty())
        return descriptionZh;
    return descriptionEn;
}

std::optional<ModelCatalog> ModelCatalog::parse(const QByteArray& json, QString* error) {
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    try {
        if (pe.error != QJsonParseError::NoError)
            fail(QStringLiteral("catalogue"), QStringLiteral("not valid JSON at byte %1: %2")
                                                  .arg(pe.offset)
                                                  .arg(pe.errorString()));
        if (!doc.isObject())
            fail(QStringLiteral("catalogue"), QStringLiteral("expected a JSON object at the top"));
        const QJsonObject root = doc.object();
        const qint64 format =
            requireInteger(member(root, QStringLiteral("catalogue"), QStringLiteral("format")),
                           QStringLiteral("format"), 0, 1000);
        if (format != 1)
            fail(QStringLiteral("format"),
                 QStringLiteral("version %1 is not supported (this program reads version 1)")
                     .arg(format));
        const QJsonValue models =
            member(root, QStringLiteral("catalogue"), QStringLiteral("models"));
        if (!models.isArray()) fail(QStringLiteral("models"), QStringLiteral("expected an array"));
        ModelCatalog catalog;
        QSet<QString> ids;
        const QJsonArray arr = models.toArray();
        for (qsizetype i = 0; i < arr.size(); ++i) {
            const QString where = QStringLiteral("models[%1]").arg(i);
            CatalogEntry e = parseEntry(arr.at(i), where);
            if (ids.contains(e.id))
                fail(where + QStringLiteral(".id"),
                     QStringLiteral("\"%1\" is used twice").arg(e.id));
            ids.insert(e.id);
            catalog.entries_.append(e);
        }
        return catalog;
    } catch (const CatalogError& e) {
        if (error) *error = e.message;
        return std::nullopt;
    }
}

std::optional<ModelCatalog> ModelCatalog::load(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read the model catalogue %1: %2")
                         .arg(path, file.errorString());
        return std::nullopt;
    }
    // The real catalogue is a few KB; refuse anything absurd before reading it into memory.
    if (file.size() > (16 << 20)) {
        if (error)
            *error =
                QStringLiteral("the model catalogue %1 is larger than 16 MB; it is not a catalogue")
                    .arg(path);
        return std::nullopt;
    }
    QString parseError;
    auto catalog = parse(file.readAll(), &parseError);
    if (!catalog && error)
        *error = QStringLiteral("the model catalogue %1 is damaged: %2").arg(path, parseError);
    return catalog;
}

QStringList ModelCatalog::defaultLocations() {
    QStringList out{QStringLiteral(":/glm/models.json")};
    if (QCoreApplication::instance())
        out << QCoreApplication::applicationDirPath() +
                   QStringLiteral("/../share/glm-chat/models.json");
    return out;
}

std::optional<ModelCatalog> ModelCatalog::loadDefault(QString* error) {
    for (const QString& path : defaultLocations())
        if (QFile::exists(path)) return load(path, error);
    if (error)
        *error = QStringLiteral("the model catalogue is missing (looked in %1); reinstall GLM Chat "
                                "or pass --catalog FILE")
                     .arg(defaultLocations().join(QStringLiteral(", ")));
    return std::nullopt;
}

const CatalogEntry* ModelCatalog::find(const QString& id) const {
    for (const CatalogEntry& e : entries_)
        if (e.id == id) return &e;
    return nullptr;
}

} // namespace glm::app
