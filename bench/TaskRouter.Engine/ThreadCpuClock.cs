using System.Runtime.InteropServices;

namespace TaskRouter.Engine;

/// <summary>
/// The calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>). On a shared, loaded machine
/// wall-clock tails measure the scheduler; CPU time measures the work.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ThreadCpuTimeId = 3;

    public static bool IsSupported { get; } = OperatingSystem.IsLinux();

    /// <summary>Nanoseconds of CPU time used by the calling thread, or 0 where unsupported.</summary>
    public static long NowNanoseconds()
    {
        if (!IsSupported)
        {
            return 0;
        }

        _ = ClockGetTime(ThreadCpuTimeId, out var time);
        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
