import Foundation
import ProtoJSON
import RPCCore

/// `multipart/form-data` bodies (RFC 7578) as request members: a file part fills the bytes
/// field it names (and `fileName` from its filename), a part naming a message, list or map
/// field holds JSON (the seed's `mapping` and `options`), other parts are text.
enum MultipartForm {
    struct Part {
        var name: String
        var fileName: String?
        var content: ArraySlice<UInt8>
    }

    static func members(of body: [UInt8], contentType: String, message: MessageSchema) throws(APIError) -> [JSONValue.Member] {
        guard let boundary = boundary(in: contentType) else {
            throw APIError(400, "VAL_INVALID_FORMAT", "multipart/form-data needs a boundary parameter", field: "Content-Type")
        }
        let parts = try Self.parts(of: body, boundary: boundary)
        var members: [JSONValue.Member] = []
        for part in parts {
            let field = message.fields.first { $0.jsonName == part.name }
            if let fileName = part.fileName, !fileName.isEmpty, message.fields.contains(where: { $0.jsonName == "fileName" }),
               !parts.contains(where: { $0.name == "fileName" }) {
                members.append(.init("fileName", .string(fileName)))
            }
            guard let field else {
                members.append(.init(part.name, .string(""))) // reported as an unknown field by the transcoder
                continue
            }
            let text = String(decoding: part.content, as: UTF8.self)
            switch field.kind {
            case .bytes:
                members.append(.init(part.name, .string(Base64.encode(Array(part.content)))))
            case .string where !field.repeated:
                members.append(.init(part.name, .string(text)))
            default:
                do {
                    members.append(.init(part.name, try JSONParser.parse(Array(part.content))))
                } catch {
                    throw APIError(400, "VAL_MALFORMED_JSON", "part \(part.name) is not valid JSON: \(error.description)", field: part.name)
                }
            }
        }
        return members
    }

    static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.utf8.count > 70 ? nil : value
        }
        return nil
    }

    static func parts(of body: [UInt8], boundary: String) throws(APIError) -> [Part] {
        let malformed = APIError(400, "VAL_INVALID_FORMAT", "The multipart/form-data body is malformed")
        let delimiter = Array("--\(boundary)".utf8)
        guard var position = find(delimiter, in: body, from: 0) else { throw malformed }
        var parts: [Part] = []
        while true {
            position += delimiter.count
            if body[position...].starts(with: Array("--".utf8)) { return parts }
            guard body[position...].starts(with: [13, 10]) else { throw malformed }
            position += 2
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: position),
                  let next = find([13, 10] + delimiter, in: body, from: headerEnd + 4) else { throw malformed }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                  let name = parameter("name", in: disposition) else { throw malformed }
            parts.append(Part(name: name, fileName: parameter("filename", in: disposition), content: body[(headerEnd + 4)..<next]))
            guard parts.count <= 32 else { throw malformed }
            position = next + 2
        }
    }

    /// A quoted or bare parameter of a Content-Disposition line.
    static func parameter(_ name: String, in line: Substring) -> String? {
        for item in line.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
