// ProtoGen: the Swift bindings of Protos/ (DESIGN D2). Reads a FileDescriptorSet written by
// `protoc-c --descriptor_set_out --include_imports --include_source_info` and writes
// `Sources/<Area>API/Generated/*.swift` under the output root. Run it through
// `bash Protos/generate.sh`, which also runs protoc-c for the C codec.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: ProtoGen <descriptor-set> <output-root>\n".utf8))
    exit(2)
}

do {
    guard let data = FileManager.default.contents(atPath: arguments[1]) else {
        throw GeneratorError("cannot read \(arguments[1])")
    }
    let files = try FileProto.decodeSet(Array(data))
    let outputs = try Generator(files: files).outputs()
    let root = URL(fileURLWithPath: arguments[2], isDirectory: true)
    for (path, text) in outputs.sorted(by: { $0.key < $1.key }) {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
} catch {
    FileHandle.standardError.write(Data("ProtoGen: error: \(error)\n".utf8))
    exit(1)
}
