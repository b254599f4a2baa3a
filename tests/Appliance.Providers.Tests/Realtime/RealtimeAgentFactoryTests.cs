using Appliance.Pipeline.Agents;
using Appliance.Providers.Realtime;

namespace Appliance.Providers.Tests.Realtime;

public sealed class RealtimeAgentFactoryTests
{
    [Fact]
    public void Definitions_run_at_the_codec_rate_without_local_turn_taking()
    {
        AgentDefinition definition = RealtimeAgentFactory.CreateDefinition("desk", new RealtimeAgentOptions { Provider = "gemini" }, new RealtimeAgentServices());

        Assert.Equal("desk", definition.Name);
        Assert.True(definition.RunsAtCodecRate);
        Assert.False(definition.UsesTurnTaking);
    }

    [Fact]
    public void A_tool_named_like_an_enabled_built_in_is_left_to_the_built_in()
    {
        RealtimeToolOptions[] tools =
        [
            new() { Name = "end_call", Description = "The brain's own end." },
            new() { Name = "transfer_call" },
            new() { Name = "book_appointment" },
        ];

        IReadOnlyList<ToolDeclaration> withActions = ToolDeclaration.Build(tools, new RealtimeAgentOptions(), canTransfer: true);
        IReadOnlyList<ToolDeclaration> withoutActions = ToolDeclaration.Build(tools, new RealtimeAgentOptions(), canTransfer: false);

        Assert.Equal(["book_appointment", "end_call", "transfer_call"], withActions.Select(t => t.Name));
        Assert.NotEqual("The brain's own end.", withActions[1].Description);
        Assert.Equal(["transfer_call", "book_appointment", "end_call"], withoutActions.Select(t => t.Name));
    }
}
