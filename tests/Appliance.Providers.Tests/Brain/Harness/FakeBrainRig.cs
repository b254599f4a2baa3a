using Appliance.Providers.Brain;

namespace Appliance.Providers.Tests.Brain.Harness;

/// <summary>A fake brain on loopback and the <see cref="RemoteBrainClient"/> talking to it, started and stopped together.</summary>
internal sealed class FakeBrainRig : IAsyncDisposable
{
    private FakeBrainRig(FakeBrainServer server, RemoteBrainClient client)
    {
        Server = server;
        Client = client;
    }

    public FakeBrainServer Server { get; }

    public RemoteBrainClient Client { get; }

    /// <summary>Starts the fake and a client for it; <paramref name="configure"/> adjusts the client's options (the base URL is set).</summary>
    public static async Task<FakeBrainRig> StartAsync(Func<RemoteBrainOptions, RemoteBrainOptions>? configure = null, BrainMetrics? metrics = null)
    {
        FakeBrainServer server = await FakeBrainServer.StartAsync();
        var options = new RemoteBrainOptions { BaseUrl = server.BaseUrl };
        return new FakeBrainRig(server, new RemoteBrainClient(configure?.Invoke(options) ?? options, metrics: metrics));
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
