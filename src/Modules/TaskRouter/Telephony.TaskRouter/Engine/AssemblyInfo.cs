using System.Runtime.CompilerServices;

// The engine benchmark (bench/TaskRouter.Engine, outside the solution) drives the internal router directly.
[assembly: InternalsVisibleTo("TaskRouter.Engine")]
