/// Every key one edit from a key — each letter changed, each pair of unlike neighbours swapped, each letter
/// deleted, a letter inserted at each position — with its FNV-1a hash, for the typo search. The variants
/// share the key's prefix, so each hash starts from the prefix's (about half the work of hashing each anew);
/// their bytes are made only for the few the index's filter lets through.
struct OneEdit {
    enum Kind { case change, swap, delete, insert }
    let kind: Kind
    /// The position edited (for a swap, the first of the pair).
    let at: Int
    /// The letter put in, for a change or an insertion.
    let letter: UInt8

    /// The letters a change or an insertion tries (keys are lower-case ASCII and spaces).
    static let alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz ".utf8)

    /// The edits of `key` and the hash of each result: changes and swaps position by position, then deletions,
    /// then insertions (the order the search's first hit for a place depends on).
    static func variants(of key: [UInt8]) -> [(edit: OneEdit, hash: UInt64)] {
        let n = key.count
        // prefix[i]: the hash of key[0..<i].
        var prefix = [FNV1a.offset]
        prefix.reserveCapacity(n + 1)
        var h = FNV1a.offset
        for b in key {
            h = step(h, b)
            prefix.append(h)
        }
        var out: [(edit: OneEdit, hash: UInt64)] = []
        out.reserveCapacity(2 * (n + 1) * (alphabet.count + 1))
        key.withUnsafeBufferPointer { k in
            func rest(_ from: Int, _ h: UInt64) -> UInt64 { FNV1a.hash(UnsafeBufferPointer(rebasing: k[from...]), from: h) }
            for i in 0..<n {
                for c in alphabet where c != k[i] {
                    out.append((OneEdit(kind: .change, at: i, letter: c), rest(i + 1, step(prefix[i], c))))
                }
                if i + 1 < n, k[i] != k[i + 1] {
                    out.append((OneEdit(kind: .swap, at: i, letter: 0), rest(i + 2, step(step(prefix[i], k[i + 1]), k[i]))))
                }
            }
            for i in 0..<n { out.append((OneEdit(kind: .delete, at: i, letter: 0), rest(i + 1, prefix[i]))) }
            for i in 0...n {
                for c in alphabet { out.append((OneEdit(kind: .insert, at: i, letter: c), rest(i, step(prefix[i], c)))) }
            }
        }
        return out
    }

    /// `key` with this edit made.
    func applied(to key: [UInt8]) -> [UInt8] {
        var out = key
        switch kind {
        case .change: out[at] = letter
        case .swap: out.swapAt(at, at + 1)
        case .delete: out.remove(at: at)
        case .insert: out.insert(letter, at: at)
        }
        return out
    }

    @inline(__always)
    private static func step(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* FNV1a.prime }
}
