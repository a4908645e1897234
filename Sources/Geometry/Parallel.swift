import Foundation

/// Runs independent pieces of work on every core (`DispatchQueue.concurrentPerform`) and returns their
/// results in order. Each piece writes only its own slot, so no locks are needed.
public enum Parallel {
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let slots = ResultSlots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { slots.set($0, body($0)) }
        return slots.values
    }
}

/// Raw memory rather than an array: concurrent writes to distinct elements of one Swift array would be
/// overlapping accesses to the array itself.
final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        if let base = slots.baseAddress { base.deinitialize(count: slots.count) }
        slots.deallocate()
    }
    func set(_ i: Int, _ value: T) { slots[i] = value }
    /// Every slot's value: all are set once `concurrentPerform` returns.
    var values: [T] { slots.compactMap { $0 } }
}
