#include "formats/pickle_machine.h"

#include <cstdio>

namespace glm::pickle {

Value Machine::run() {
    if (in_.size() > kMaxPickleBytes) fail("the pickle is implausibly large for a state dict.");
    while (true) {
        const uint64_t at = pos_;
        const uint8_t op = read<uint8_t>();
        switch (op) {
        case 0x80: // PROTO
            if (read<uint8_t>() > 5) fail("the pickle uses a protocol newer than 5.");
            break;
        case 0x95:
            take(8);
            break;  // FRAME: a length hint only
        case '.': { // STOP
            if (!marks_.empty() || stack_.size() != 1)
                fail("the pickle ends with a malformed stack.");
            return stack_.back();
        }
        case '(':
            if (++pushed_ > kMaxValues) fail("the pickle is implausibly large for a state dict.");
            marks_.push_back(stack_.size());
            break;
        case '0':
            pop();
            break; // POP
        case 'N':
            push(Value{});
            break;
        case 0x88:
            push(Value{Kind::Bool, 1, 0, nullptr});
            break;
        case 0x89:
            push(Value{Kind::Bool, 0, 0, nullptr});
            break;
        case 'J':
            push(int_value(read<int32_t>()));
            break;
        case 'K':
            push(int_value(read<uint8_t>()));
            break;
        case 'M':
            push(int_value(read<uint16_t>()));
            break;
        case 0x8a: { // LONG1: little-endian two's complement of n bytes
            const uint8_t n = read<uint8_t>();
            if (n > 8) fail("the pickle holds an integer wider than 64 bits.");
            uint64_t v = 0;
            auto b = take(n);
            for (size_t k = 0; k < n; ++k) v |= uint64_t(b[k]) << (8 * k);
            if (n > 0 && n < 8 && (b[n - 1] & 0x80)) v |= ~uint64_t(0) << (8 * n);
            push(int_value(int64_t(v)));
            break;
        }
        case 'G': { // BINFLOAT, big-endian
            auto b = take(8);
            uint64_t bits = 0;
            for (int k = 0; k < 8; ++k) bits = (bits << 8) | b[size_t(k)];
            double d;
            std::memcpy(&d, &bits, 8);
            push(Value{Kind::Float, 0, d, nullptr});
            break;
        }
        case 'X':
            push(string_value(read_string(read<uint32_t>())));
            break;
        case 0x8c:
            push(string_value(read_string(read<uint8_t>())));
            break;
        case 0x8d:
            push(string_value(read_string(read<uint64_t>())));
            break;
        case ')':
            push(tuple({}));
            break;
        case ']':
            push(object_value(make(Kind::List)));
            break;
        case '}':
            push(object_value(make(Kind::Dict)));
            break;
        case 't':
            push(tuple(pop_mark()));
            break;
        case 0x85: {
            Value a = pop();
            push(tuple({a}));
            break;
        }
        case 0x86: {
            Value b = pop(), a = pop();
            push(tuple({a, b}));
            break;
        }
        case 0x87: {
            Value c = pop(), b = pop(), a = pop();
            push(tuple({a, b, c}));
            break;
        }
        case 'l': { // LIST
            Object* l = make(Kind::List);
            l->items = pop_mark();
            push(object_value(l));
            break;
        }
        case 'd': { // DICT
            std::vector<Value> kv = pop_mark();
            if (kv.size() % 2) fail("a dict in the pickle has a key without a value.");
            Object* d = make(Kind::Dict);
            for (size_t k = 0; k < kv.size(); k += 2) d->entries.emplace_back(kv[k], kv[k + 1]);
            push(object_value(d));
            break;
        }
        case 'q':
            memo_put(read<uint8_t>());
            break;
        case 'r':
            memo_put(read<uint32_t>());
            break;
        case 0x94:
            memo_put(memo_.size());
            break; // MEMOIZE
        case 'h':
            push(memo_get(read<uint8_t>()));
            break;
        case 'j':
            push(memo_get(read<uint32_t>()));
            break;
        case 'c': { // GLOBAL "module\nname\n"
            std::string module = read_line();
            std::string name = read_line();
            push(global(module, name));
            break;
        }
        case 0x93: { // STACK_GLOBAL
            Value name = pop(), module = pop();
            push(global(expect(module, Kind::String, "a module name").text,
                        expect(name, Kind::String, "a global name").text));
            break;
        }
        case 'Q': { // BINPERSID
            Value pid = pop();
            push(persistent_load(pid));
            break;
        }
        case 'R': { // REDUCE
            Value args = pop(), callable = pop();
            push(reduce(callable, args));
            break;
        }
        case 'b': { // BUILD: only the OrderedDict's attributes (state_dict()._metadata), ignored
            Value state = pop();
            if (state.kind != Kind::Dict && state.kind != Kind::None)
                fail("BUILD with a state that is not a dict.");
            expect(top(), Kind::Dict, "the object of a BUILD");
            break;
        }
        case 's': { // SETITEM
            Value v = pop(), k = pop();
            expect(top(), Kind::Dict, "the target of SETITEM").entries.emplace_back(k, v);
            break;
        }
        case 'u': { // SETITEMS
            std::vector<Value> kv = pop_mark();
            if (kv.size() % 2) fail("SETITEMS has a key without a value.");
            Object& d = expect(top(), Kind::Dict, "the target of SETITEMS");
            for (size_t k = 0; k < kv.size(); k += 2) d.entries.emplace_back(kv[k], kv[k + 1]);
            break;
        }
        case 'a': { // APPEND
            Value v = pop();
            expect(top(), Kind::List, "the target of APPEND").items.push_back(v);
            break;
        }
        case 'e': { // APPENDS
            std::vector<Value> vs = pop_mark();
            Object& l = expect(top(), Kind::List, "the target of APPENDS");
            l.items.insert(l.items.end(), vs.begin(), vs.end());
            break;
        }
        default: {
            char printable[8] = "";
            if (op >= 0x20 && op < 0x7f)
                std::snprintf(printable, sizeof printable, " ('%c')", char(op));
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02x", op);
            fail(std::string("the pickle uses opcode ") + hex + printable + " at byte " +
                 std::to_string(at) +
                 ", which torch.save does not write for a state dict. Refusing it.");
        }
        }
    }
}

} // namespace glm::pickle
