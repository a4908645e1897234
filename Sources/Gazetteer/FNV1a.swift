/// FNV-1a, 64-bit: the hash the index's name slots use, and the content keys the store gives reports and
/// imported rows. Stable across runs and machines (Swift's `Hasher` is seeded per process).
public enum FNV1a {
    public static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x100_0000_01b3

    @inlinable
    public static func hash<C: Sequence<UInt8>>(_ bytes: C, from start: UInt64 = offset) -> UInt64 {
        // Contiguous bytes (arrays, buffers, UTF-8 views) hash without a generic iterator call per byte.
        if let h = bytes.withContiguousStorageIfAvailable({ hash($0, from: start) }) { return h }
        var h = start
        for b in bytes { h = (h ^ UInt64(b)) &* prime }
        return h
    }

    @inlinable
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, from start: UInt64 = offset) -> UInt64 {
        var h = start
        for b in bytes { h = (h ^ UInt64(b)) &* prime }
        return h
    }
}
