namespace Appliance.Providers.Tests.Realtime.Harness;

/// <summary>Waits for a condition that another thread (a socket loop) makes true, failing after a generous timeout.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 10000)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(2);
        }
    }
}
