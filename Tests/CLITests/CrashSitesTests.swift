import Foundation
import Testing
import TestSupport

/// No way to crash on purpose in Sources/: `try!`, `as!`, force unwraps, implicitly unwrapped optionals,
/// `fatalError`, `precondition`, `assert` and their kin stop the process on bad input with SIGILL or
/// SIGTRAP and no useful message. A line may keep one only when input cannot reach it, said at the end of
/// the line with `// unreachable: why`, or listed below (lines of other people's modules, kept unedited to
/// spare merges) with the reason.
@Suite struct CrashSitesTests {
    /// (file, text on the line, why input cannot reach it).
    static let allowed: [(file: String, text: String, why: String)] = [
        ("Sources/Store/ImportedBatches.swift", "c[\"", "the store's own column names, looked up in its constant column table"),
        ("Sources/Gazetteer/IndexFile.swift", "q.baseAddress!", "a key of at least one byte (length == q.count > 0 is checked first)"),
        ("Sources/Gazetteer/IndexFile.swift", "$0.baseAddress!", "copying a non-empty index file"),
        ("Sources/Gazetteer/IndexFile.swift", "precondition(zip(places", "the index builder's own sort of places by id"),
        ("Sources/Gazetteer/IndexFile.swift", "exact[$1]!", "keys taken from the same dictionary"),
        ("Sources/Gazetteer/IndexFile.swift", "skeleton[$1]!", "keys taken from the same dictionary"),
        ("Sources/Gazetteer/IndexFile.swift", "table[key]!", "keys taken from the same dictionary"),
        ("Sources/Gazetteer/DocumentResolver.swift", "lookups[mention]!", "every mention was looked up just before"),
        ("Sources/Gazetteer/DocumentResolver.swift", "evidence[text]!", "keys taken from the same dictionary"),
        ("Sources/Gazetteer/DocumentResolver.swift", "votes[key]!", "keys taken from the same dictionary"),
        ("Sources/Gazetteer/DocumentResolver.swift", "rest[key]!", "keys taken from the same dictionary"),
        ("Sources/Gazetteer/DocumentResolver.swift", "rest[$1]!", "keys taken from the same dictionary"),
        ("Sources/Gazetteer/Resolver.swift", "$0.utf8.first!", "a constant list of non-empty designators"),
        ("Sources/Gazetteer/Regions.swift", "$0.utf8.first!", "a constant list of non-empty words"),
        ("Sources/Gazetteer/Regions.swift", "Gazetteer.directions[words[0]]!", "the word was matched against the same table"),
        ("Sources/Gazetteer/Regions.swift", "along.min()!", "a polygon's coordinates, never empty"),
        ("Sources/Gazetteer/Regions.swift", "xs.min()!", "a polygon's coordinates, never empty"),
        ("Sources/Gazetteer/Gazetteer.swift", "self.index = index!", "set on every path above"),
        ("Sources/Gazetteer/Gazetteer.swift", "bytes.baseAddress! + at", "inside `while at < bytes.count`: a non-empty buffer"),
        ("Sources/Gazetteer/IndexBuilder.swift", "keys.baseAddress! + Int(a.key)", "entries' keys, in the non-empty key buffer"),
        ("Sources/Gazetteer/IndexBuilder.swift", "cuts.last!", "an array that starts with one cut"),
        ("Sources/Gazetteer/IndexBuilder.swift", "try! builder.", "IndexWriter.build: the tests' in-memory index of sorted places"),
        ("Sources/Reports/Events/EventLexicon.swift", "aliases[$0]!", "the bundled lexicon's own keys, in the order read"),
        ("Sources/Reports/Events/PhraseTable.swift", "table[key]!", "keys taken from the same dictionary"),
        ("Sources/Reports/Event.swift", "location!.fineness", "after `location == nil ||`"),
    ]

    @Test func sourcesHoldNoCrashSites() throws {
        let sources = projectRoot.appendingPathComponent("Sources")
        var found: [String] = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 50)
        for file in files.sorted() {
            let path = "Sources/" + file
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            let code = CrashSites.codeOnly(text).split(separator: "\n", omittingEmptySubsequences: false)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for (n, line) in code.enumerated() {
                guard let site = CrashSites.find(in: String(line)) else { continue }
                let original = String(lines[n])
                if original.contains("// unreachable:") { continue }
                if Self.allowed.contains(where: { $0.file == path && original.contains($0.text) }) { continue }
                found.append("\(path):\(n + 1): \(site): \(original.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(found.isEmpty, "crash sites in Sources/ (remove them, or say why input cannot reach them):\n\(found.joined(separator: "\n"))")
    }

    @Test func theScannerFindsWhatItLooksFor() {
        #expect(CrashSites.find(in: "let x = try! f()") == "try!")
        #expect(CrashSites.find(in: "let x = y as! Int") == "as!")
        #expect(CrashSites.find(in: "return a[0]!.b") == "force unwrap")
        #expect(CrashSites.find(in: "let v = f()!") == "force unwrap")
        #expect(CrashSites.find(in: "var p: Int!") == "force unwrap")
        #expect(CrashSites.find(in: "fatalError(\"x\")") == "fatalError")
        #expect(CrashSites.find(in: "  precondition(a)") == "precondition")
        #expect(CrashSites.find(in: "if a != b, !c { }") == nil)
        #expect(CrashSites.find(in: "guard !done else { return }") == nil)
        let code = CrashSites.codeOnly("let s = \"hello!\" // wow!\n/* f()! */ let t = #\"x!\"#\nlet u = \"\"\"\n  a!\n  \"\"\"")
        #expect(!code.contains("!"))
        #expect(code.split(separator: "\n", omittingEmptySubsequences: false).count == 5)
    }
}

/// A scanner of Swift text that knows comments and string literals apart from code.
enum CrashSites {
    /// The text with comments and string literals blanked (newlines kept, so lines keep their numbers).
    static func codeOnly(_ text: String) -> String {
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func blank(_ c: Unicode.Scalar) { out.append(c == "\n" ? "\n" : " ") }
        while i < s.count {
            let c = s[i], next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            if c == "/", next == "/" {
                while i < s.count, s[i] != "\n" { blank(s[i]); i += 1 }
            } else if c == "/", next == "*" {
                var depth = 0
                repeat {
                    if s[i] == "/", i + 1 < s.count, s[i + 1] == "*" { depth += 1; blank(s[i]); blank(s[i + 1]); i += 2; continue }
                    if s[i] == "*", i + 1 < s.count, s[i + 1] == "/" { depth -= 1; blank(s[i]); blank(s[i + 1]); i += 2; continue }
                    blank(s[i]); i += 1
                } while i < s.count && depth > 0
            } else if c == "#" || c == "\"" {
                var hashes = 0
                var j = i
                while j < s.count, s[j] == "#" { hashes += 1; j += 1 }
                guard j < s.count, s[j] == "\"" else { out.append(c); i += 1; continue }
                let multiline = j + 2 < s.count && s[j + 1] == "\"" && s[j + 2] == "\""
                let quotes = multiline ? 3 : 1
                for _ in i..<(j + quotes) { out.append(" ") }
                i = j + quotes
                // The literal ends at `quotes` quotes followed by `hashes` hashes (escapes skipped when raw is 0).
                while i < s.count {
                    if hashes == 0, s[i] == "\\" { blank(s[i]); if i + 1 < s.count { blank(s[i + 1]) }; i += 2; continue }
                    if s[i] == "\"", (0..<quotes).allSatisfy({ i + $0 < s.count && s[i + $0] == "\"" }),
                       (0..<hashes).allSatisfy({ i + quotes + $0 < s.count && s[i + quotes + $0] == "#" }) {
                        for _ in 0..<(quotes + hashes) { out.append(" ") }
                        i += quotes + hashes
                        break
                    }
                    blank(s[i]); i += 1
                }
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }

    /// The first crash site on a line of code (comments and strings already blanked), or nil.
    static func find(in line: String) -> String? {
        for word in ["fatalError", "preconditionFailure", "precondition", "assertionFailure", "assert", "unsafelyUnwrapped"] {
            if line.range(of: "\\b\(word)\\b", options: .regularExpression) != nil { return word }
        }
        if line.range(of: "\\btry!", options: .regularExpression) != nil { return "try!" }
        if line.range(of: "\\bas!", options: .regularExpression) != nil { return "as!" }
        // A postfix `!`: right after a name, a closing bracket or a `?`/`>`, and not the start of `!=`.
        if line.range(of: "[A-Za-z0-9_)\\]>?]![^=]|[A-Za-z0-9_)\\]>?]!$", options: .regularExpression) != nil { return "force unwrap" }
        return nil
    }
}
