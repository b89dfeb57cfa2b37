import CCFITSIO
import Foundation
import Testing

/// CFITSIO's https driver still works with libcurl loaded on its first call
/// (Sources/CCFITSIO/curl_on_demand.c) rather than at start-up.
@Suite struct CurlOnDemandTests {
  @Test func anHTTPSFileNameLoadsLibcurlAndFailsCleanly() throws {
    var file: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    // Port 1 on the loopback refuses the connection at once: CFITSIO must report the file as
    // not opened, through libcurl.
    ffopen(&file, "https://127.0.0.1:1/none.fits", READONLY, &status)
    #expect(status != 0)
    #expect(file == nil)
    let names: [String] = ["libcurl-gnutls.so.4", "libcurl.so.4"]
    let loaded = names.contains { name in dlopen(name, RTLD_LAZY | RTLD_NOLOAD) != nil }
    #expect(loaded, "CFITSIO's https driver did not load libcurl")
  }
}
