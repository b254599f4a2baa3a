using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Realtime;

/// <summary>Waits on what the binary, the fake provider and the RTP peer do, failing with the appliance's log.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what, ApplianceProcess appliance, int timeoutMs = 10000)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"timed out waiting for: {what}\nappliance:\n{appliance.Output}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Awaits a fake server's wait, adding the appliance's log when it times out.</summary>
    public static async Task<T> ForAsync<T>(Task<T> wait, string what, ApplianceProcess appliance)
    {
        try
        {
            return await wait;
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"timed out waiting for: {what}\nappliance:\n{appliance.Output}", ex);
        }
    }
}
