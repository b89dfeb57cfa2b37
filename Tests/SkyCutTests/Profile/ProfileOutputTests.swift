import Foundation
import Testing

@testable import SkyCut

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The profile's table (FITS and CSV), its JSON and its SVG plot.
@Suite struct ProfileOutputTests {
  /// A small profile of the sample catalogues in `data/`, in magnitude bins.
  func sampleProfile(logarithmic: Bool = false) throws -> DensityProfile {
    var request = ProfileRequest(
      objectsPath: repositoryRoot + "/data/objects.fits",
      contaminantPaths: [repositoryRoot + "/data/contaminants.fits"],
      annuli: Annuli(
        inner: .arcminutes(logarithmic ? 3 : 0), outer: .degrees(5), count: 8,
        logarithmic: logarithmic))
    request.binning = ContaminantBinning(column: "MAG", edges: [6, 9, 12, 16])
    return try DensityProfiler.profile(request)
  }

  @Test func fitsAndCSVTablesHoldEveryAnnulus() throws {
    let directory = try TemporaryDirectory()
    let profile = try sampleProfile()
    try profile.write(to: directory.file("profile.fits"))
    try profile.write(to: directory.file("profile.csv"))
    let fits = directory.file("profile.fits")
    #expect(
      FITSInspector.keyword(fits, hdu: 1, "EXTNAME")?.hasPrefix("EXTNAME = 'PROFILE '") == true)
    #expect(
      FITSInspector.keyword(fits, hdu: 1, "BINCOL")?.hasPrefix("BINCOL  = 'MAG     '") == true)
    #expect(FITSInspector.checksumsAreValid(fits, hdu: 1))
    let pairs = FITSInspector.doubles(fits, hdu: 1, column: "PAIRS")
    #expect(pairs == profile.bins.flatMap { $0.annuli.map { Double($0.pairs) } })
    let relative = FITSInspector.doubles(fits, hdu: 1, column: "RELATIVE")
    #expect(relative == profile.bins.flatMap { $0.annuli.map(\.relative) })

    let lines = try String(contentsOfFile: directory.file("profile.csv"), encoding: .utf8)
      .split(separator: "\n")
    #expect(lines.count == 1 + 3 * 8)
    #expect(lines[0].hasPrefix("BIN,BIN_LOW,BIN_HIGH,CONTAMINANTS,R_INNER,R_OUTER,PAIRS,"))
    // Shortest round-trip numbers: the text reads back to the same doubles.
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
    let column = try #require(header.firstIndex(of: "RELATIVE"))
    let fromText = lines.dropFirst().map {
      Double($0.split(separator: ",", omittingEmptySubsequences: false)[column]) ?? .nan
    }
    #expect(fromText == relative)
    // Nothing is replaced without being asked.
    let error = #expect(throws: CatalogueError.self) {
      try profile.write(to: directory.file("profile.csv"))
    }
    #expect(error?.category == .cannotCreate)
  }

  @Test func jsonHasTheBinsAndTheirAnnuli() throws {
    let profile = try sampleProfile()
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(profile.json.utf8)) as? [String: Any])
    #expect(object["objects"] as? Int == profile.objects)
    #expect(object["bin_column"] as? String == "MAG")
    let bins = try #require(object["bins"] as? [[String: Any]])
    #expect(bins.count == 3)
    let annuli = try #require(bins[0]["annuli"] as? [[String: Any]])
    #expect(annuli.count == 8)
    #expect(annuli[0]["pairs"] as? Int == profile.bins[0].annuli[0].pairs)
    let decoded = try JSONDecoder.snakeCase.decode(
      DensityProfile.self, from: Data(profile.json.utf8))
    #expect(decoded == profile)
  }

  /// Counts the elements of an XML document by name; fails on XML that does not parse.
  final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var pathClasses: [String] = []
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      counts[name, default: 0] += 1
      if name == "path" { pathClasses.append(attributes["class"] ?? "") }
    }
  }

  @Test(arguments: [false, true])
  func svgParsesWithOnePathPerBin(logarithmic: Bool) throws {
    let profile = try sampleProfile(logarithmic: logarithmic)
    let svg = ProfilePlot(profile, logarithmic: logarithmic).svg
    let parser = XMLParser(data: Data(svg.utf8))
    let counter = ElementCounter()
    parser.delegate = counter
    #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
    #expect(counter.counts["svg"] == 1)
    #expect(counter.pathClasses == Array(repeating: "profile", count: profile.bins.count))
    #expect(svg.contains("Separation from the contaminant (arcsec)"))
    #expect(svg.contains("6 ≤ MAG &lt; 9"))
  }
}

extension JSONDecoder {
  static var snakeCase: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }
}
