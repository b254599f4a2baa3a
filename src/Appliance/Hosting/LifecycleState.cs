namespace Appliance.Hosting;

public enum LifecyclePhase
{
    Starting,
    Ready,
    Draining,
}

/// <summary>Where the process is in its life; readiness is derived from it.</summary>
public sealed class LifecycleState
{
    private volatile LifecyclePhase _phase = LifecyclePhase.Starting;

    public LifecyclePhase Phase => _phase;
    public bool IsReady => _phase == LifecyclePhase.Ready;

    public void MarkReady()
    {
        if (_phase == LifecyclePhase.Starting)
        {
            _phase = LifecyclePhase.Ready;
        }
    }

    public void MarkDraining() => _phase = LifecyclePhase.Draining;
}
