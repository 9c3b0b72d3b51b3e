#include "library/gguf_header.h"

#include <QFile>
#include <QtEndian>

namespace glm::app {
namespace {

enum GgufType : quint32 {
    U8 = 0,
    I8,
    U16,
    I16,
    U32,
    I32,
    F32,
    Bool,
    String,
    Array,
    U64,
    I64,
    F64,
    TypeCount
};

qint64 scalarSize(quint32 type) {
    switch (type) {
    case U8:
    case I8:
    case Bool:
        return 1;
    case U16:
    case I16:
        return 2;
    case U32:
    case I32:
    case F32:
        return 4;
    case U64:
    case I64:
    case F64:
        return 8;
    default:
        return -1;
    }
}

// Sequential little-endian reader that refuses to go past the end of the file.
class Reader {
public:
    explicit Reader(QFile& f) : file_(f), size_(f.size()) {}
    bool ok() const { return ok_; }
    template <typename T> T read() {
        T v{};
        uchar buf[sizeof(T)];
        if (!take(reinterpret_cast<char*>(buf), sizeof(T))) return v;
        return qFromLittleEndian<T>(buf);
    }
    QByteArray readString(qint64 maxKeep) {
        const quint64 len = read<quint64>();
        if (!ok_ || len > quint64(size_ - file_.pos())) return fail();
        if (qint64(len) > maxKeep) { // a long value we do not need: skip it
            skip(qint64(len));
            return {};
        }
        QByteArray s(qsizetype(len), Qt::Uninitialized);
        if (!take(s.data(), qint64(len))) return {};
        return s;
    }
    void skip(qint64 n) {
        if (n < 0 || n > size_ - file_.pos() || !file_.seek(file_.pos() + n)) fail();
    }
    void skipValue(quint32 type, int depth = 0) {
        if (type == String) {
            readString(0);
        } else if (type == Array) {
            const quint32 elem = read<quint32>();
            const quint64 count = read<quint64>();
            if (!ok_ || depth > 2 || elem >= TypeCount) return void(fail());
            if (const qint64 sz = scalarSize(elem); sz > 0) {
                if (count > quint64(size_ / sz)) return void(fail());
                skip(qint64(count) * sz);
            } else {
                for (quint64 i = 0; i < count && ok_; ++i) skipValue(elem, depth + 1);
            }
        } else if (const qint64 sz = scalarSize(type); sz > 0) {
            skip(sz);
        } else {
            fail();
        }
    }

private:
    bool take(char* out, qint64 n) {
        if (!ok_ || n > size_ - file_.pos() || file_.read(out, n) != n) {
            fail();
            return false;
        }
        return true;
    }
    QByteArray fail() {
        ok_ = false;
        return {};
    }
    QFile& file_;
    qint64 size_;
    bool ok_ = true;
};

} // namespace

QString GgufHeader::fileTypeName() const {
    switch (fileType) {
    case 0:
        return QStringLiteral("F32");
    case 1:
        return QStringLiteral("F16");
    case 2:
        return QStringLiteral("Q4_0");
    case 3:
        return QStringLiteral("Q4_1");
    case 7:
        return QStringLiteral("Q8_0");
    case 8:
        return QStringLiteral("Q5_0");
    case 9:
        return QStringLiteral("Q5_1");
    case 32:
        return QStringLiteral("BF16");
    default:
        return fileType < 0 ? QString() : QStringLiteral("type %1").arg(fileType);
    }
}

bool hasGgufMagic(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(4) == "GGUF";
}

std::optional<GgufHeader> readGgufHeader(const QString& path, QString* error) {
    auto bad = [&](const QString& why) -> std::optional<GgufHeader> {
        if (error) *error = why;
        return std::nullopt;
    };
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return bad(f.errorString());
    if (f.read(4) != "GGUF")
        return bad(QStringLiteral("not a GGUF file (it does not start with \"GGUF\")"));
    Reader r(f);
    GgufHeader h;
    h.version = r.read<quint32>();
    if (!r.ok()) return bad(QStringLiteral("the GGUF header is truncated"));
    if (h.version < 2 || h.version > 3)
        return bad(QStringLiteral("GGUF version %1 is not supported (versions 2 and 3 are)")
                       .arg(h.version));
    h.tensorCount = r.read<quint64>();
    h.metadataCount = r.read<quint64>();
    if (!r.ok()) return bad(QStringLiteral("the GGUF header is truncated"));
    // Each tensor and key needs at least 8 bytes of the file; larger counts are lies.
    if (h.tensorCount > quint64(f.size() / 8) || h.metadataCount > quint64(f.size() / 8))
        return bad(QStringLiteral("the GGUF header is damaged (impossible counts)"));
    int found = 0;
    for (quint64 i = 0; i < h.metadataCount && found < 3; ++i) {
        const QByteArray key = r.readString(256);
        const quint32 type = r.read<quint32>();
        if (!r.ok()) break;
        if (key == "general.architecture" && type == String) {
            h.architecture = QString::fromUtf8(r.readString(256));
            ++found;
        } else if (key == "general.name" && type == String) {
            h.name = QString::fromUtf8(r.readString(1024));
            ++found;
        } else if (key == "general.file_type" && (type == U32 || type == I32)) {
            h.fileType = int(qMin<quint32>(r.read<quint32>(), 1u << 20));
            ++found;
        } else {
            r.skipValue(type);
        }
    }
    if (!r.ok()) return bad(QStringLiteral("the GGUF metadata is truncated or damaged"));
    return h;
}

} // namespace glm::app
