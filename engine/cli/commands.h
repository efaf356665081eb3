// One function per subcommand; each returns the process exit code.
#pragma once

namespace kasane::cli {

// argv[0] is the program, argv[1] the subcommand; options start at argv[2].
int RunValidate(int argc, char** argv);
int RunTest(int argc, char** argv);
int RunDiagram(int argc, char** argv);
int RunBench(int argc, char** argv);
int RunNewTown(int argc, char** argv);
int RunAudit(int argc, char** argv);
int RunServe(int argc, char** argv);
int RunDemo(int argc, char** argv);
int RunPasswordHash(int argc, char** argv);
int RunWorkflows(int argc, char** argv);

}  // namespace kasane::cli
