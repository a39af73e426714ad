import Testing
@testable import ProtoJSON

@Suite struct Base64Tests {
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
                      ("foobar", "Zm9vYmFy")])
    func encodesAndDecodesTheRFC4648Vectors(_ plain: String, _ encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func acceptsURLSafeAndUnpaddedInput() {
        #expect(Base64.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64.decode("+/8=") == [0xFB, 0xFF])
        #expect(Base64.decode("Zg") == Array("f".utf8))
    }

    @Test(arguments: ["Z", "Zg=", "Z===", "Zm9v!", "Zg==Zg==", "===="])
    func rejectsInvalidInput(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
