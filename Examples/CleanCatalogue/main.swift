// An example of SkyCut as a library, using only its public API (the tests build and run it):
//
//   swift run skycut-example OBJECTS STARS OUTPUT
//
// It cleans OBJECTS of every object within each star's own mask radius (column RADIUS,
// arcminutes when the file gives no unit), capped at 30′, adds the separation to the nearest
// star to the rejected rows it writes beside the output, and reports progress and the counts.

import Foundation
import SkyCut

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 3 else {
  FileHandle.standardError.write(Data("usage: skycut-example OBJECTS STARS OUTPUT\n".utf8))
  exit(64)
}
let (objects, stars, output) = (arguments[1], arguments[2], arguments[3])

// 1. The one-call form: FITS → FITS streams block by block, so memory does not grow with the
//    catalogue; the progress handler hears about each block.
var request = CleaningRequest(
  objectsPath: objects, contaminantsPath: stars, radius: .arcminutes(30), outputPath: output,
  overwrite: true,
  contaminantOptions: CatalogueReadOptions(radiusColumn: "RADIUS", radiusUnit: .arcminutes))
request.progress = { progress in
  if progress.phase == .writing, progress.rowsDone == progress.rowsTotal {
    print("done: \(progress.rowsDone) rows")
  }
}
do {
  let summary = try CatalogueCleaner.clean(request)
  print("removed \(summary.removed) of \(summary.objectsRead) objects")
  print(CleaningReport(request: request, summary: summary).json)
} catch let error as CatalogueError {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(error.category.rawValue)
}

// 2. The step-by-step form: read, index, cut, look around, write.
do {
  let catalogue = try Catalogue.read(path: objects)
  let contaminants = try Catalogue.read(
    path: stars, options: CatalogueReadOptions(radiusColumn: "RADIUS", radiusUnit: .arcminutes))
  let index = try contaminants.contaminantIndex(in: catalogue.frame, radius: .arcminutes(30))
  let result = catalogue.cut(using: [index])
  let neighbours = catalogue.neighbours(in: [index])
  let nearest = result.rows.compactMap { neighbours.nearest[$0]?.arcseconds }
  print("nearest star to a removed object: \(nearest.min() ?? .nan) to \(nearest.max() ?? .nan)″")
  let rejected = (output as NSString).deletingPathExtension + "_rejected.csv"
  try catalogue.write(
    keepingRows: result.rows, to: rejected,
    options: .init(
      overwrite: true,
      addedColumns: [
        AddedColumn(
          name: "STAR_SEP", unit: "arcsec",
          values: .double(neighbours.nearest.map { $0?.arcseconds ?? .nan }))
      ]))
  print("wrote \(result.rows.count) rejected rows to \(rejected)")
} catch let error as CatalogueError {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(error.category.rawValue)
}
