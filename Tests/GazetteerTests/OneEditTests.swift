import Testing
@testable import Gazetteer

@Suite struct OneEditTests {
    /// The variants a plain, letter-by-letter construction gives, in the same order.
    func plainVariants(_ key: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        for i in key.indices {
            for c in OneEdit.alphabet where c != key[i] { var v = key; v[i] = c; out.append(v) }
            if i + 1 < key.count, key[i] != key[i + 1] { var v = key; v.swapAt(i, i + 1); out.append(v) }
        }
        for i in key.indices { var v = key; v.remove(at: i); out.append(v) }
        for i in 0...key.count { for c in OneEdit.alphabet { var v = key; v.insert(c, at: i); out.append(v) } }
        return out
    }

    @Test(arguments: ["aleppo", "deir ez zor", "saraqib"])
    func variantsAndTheirHashesAreThePlainOnes(_ name: String) {
        let key = Array(name.utf8)
        let variants = OneEdit.variants(of: key)
        let seen = variants.map { $0.edit.applied(to: key) }
        let hashesRight = zip(seen, variants).allSatisfy { FNV1a.hash($0) == $1.hash }
        #expect(seen == plainVariants(key))
        #expect(hashesRight)
    }
}
