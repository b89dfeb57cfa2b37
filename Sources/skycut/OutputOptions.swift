import ArgumentParser
import SkyCut

/// Where the cleaned catalogue goes and what is printed.
struct OutputOptions: ParsableArguments {
  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "The cleaned catalogue; its extension picks the format (- for CSV on standard output). "
        + "Default: the objects file's name with _clean before the extension, in the current "
        + "directory; standard output when the objects come from standard input.",
      valueName: "path"))
  var output: String?

  @Option(
    help: ArgumentHelp(
      "Also write the removed rows (with --flag-column, the flagged ones) to this file, with "
        + "every column as in the cleaned output.",
      valueName: "path"))
  var rejected: String?

  @OptionGroup var columns: AddedColumnOptions

  @Flag(help: "Replace the output files if they exist.")
  var overwrite = false

  @Flag(name: [.short, .long], help: "Print nothing on success.")
  var quiet = false

  @Flag(
    help: "Also print the seconds spent in each phase: read_s, cut_s (compute_s), write_s.")
  var timings = false

  @Flag(
    help: ArgumentHelp(
      "Report progress on standard error even when it is not a terminal (on a terminal, runs "
        + "longer than a second report it anyway)."))
  var progress = false

  @Option(
    help: ArgumentHelp(
      "Write a summary of the run to standard output at the end, success or failure: 'json' "
        + "gives one JSON object (fields in the README). With --quiet nothing else is printed.",
      valueName: "format"))
  var summary: SummaryFormat?
}

/// The formats of `--summary`.
enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
  case json
}

/// The columns the cut can add to each row written.
struct AddedColumnOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Keep every row and add a logical column of this name, true for the rows within reach "
        + "of a contaminant, instead of removing them.",
      valueName: "name"))
  var flagColumn: String?

  @Option(
    help: ArgumentHelp(
      "Add a column of this name: the separation in arcsec from each row written to its "
        + "nearest contaminant within reach (NaN/empty when there is none, as for every row "
        + "of the cleaned output: use it with --rejected or --flag-column).",
      valueName: "name"))
  var separationColumn: String?

  @Option(
    help: ArgumentHelp(
      "Add a column of this name: how many contaminants lie within reach of each row written.",
      valueName: "name"))
  var countColumn: String?

  @Option(
    help: ArgumentHelp(
      "Add an integer column of this name: bit k (1, 2, 4, …) set when the row is within reach "
        + "of a contaminant of the k-th catalogue (or of the bit a --mask file gives a catalogue "
        + "or zone), the narrowest integer for the highest bit (a byte up to bit 7). With "
        + "--flag-column every row is kept.",
      valueName: "name"))
  var maskColumn: String?

  /// Sets them on `request`.
  func apply(to request: inout CleaningRequest) {
    request.flagColumn = flagColumn
    request.separationColumn = separationColumn
    request.countColumn = countColumn
    request.maskColumn = maskColumn
  }
}
