namespace Appliance.Calls.Tests;

public sealed class CallAdmissionTests
{
    [Fact]
    public void Admits_up_to_the_maximum_then_refuses_at_capacity()
    {
        var admission = new CallAdmission(2);
        Assert.Equal(AdmissionRefusal.None, admission.TryAdmit());
        Assert.Equal(AdmissionRefusal.None, admission.TryAdmit());
        Assert.Equal(AdmissionRefusal.AtCapacity, admission.TryAdmit());
        admission.Release();
        Assert.Equal(AdmissionRefusal.None, admission.TryAdmit());
        Assert.Equal(2, admission.Active);
    }

    [Fact]
    public async Task Draining_refuses_new_calls_and_completes_when_the_last_ends()
    {
        var admission = new CallAdmission(10);
        admission.TryAdmit();
        admission.BeginDrain();
        Assert.Equal(AdmissionRefusal.Draining, admission.TryAdmit());

        var idle = admission.WaitIdleAsync(CancellationToken.None);
        Assert.False(idle.IsCompleted);
        admission.Release();
        await idle;
    }

    [Fact]
    public void Concurrent_admissions_never_exceed_the_maximum()
    {
        var admission = new CallAdmission(100);
        var admitted = 0;
        Parallel.For(0, 10_000, _ =>
        {
            if (admission.TryAdmit() == AdmissionRefusal.None)
            {
                Interlocked.Increment(ref admitted);
            }
        });
        Assert.Equal(100, admitted);
        Assert.Equal(100, admission.Active);
    }
}
