import ArgumentParser

/// Where the cleaned catalogue goes and what is printed.
struct OutputOptions: ParsableArguments {
  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "The cleaned catalogue; its extension picks the format. Default: the objects file's name "
        + "with _clean before the extension, in the current directory.",
      valueName: "path"))
  var output: String?

  @Flag(help: "Replace the output file if it exists.")
  var overwrite = false

  @Flag(name: [.short, .long], help: "Print nothing on success.")
  var quiet = false

  @Flag(
    help: "Also print the seconds spent in each phase: read_s, cut_s (compute_s), write_s.")
  var timings = false

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
