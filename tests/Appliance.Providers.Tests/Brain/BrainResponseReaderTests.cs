using System.Text;
using System.Text.Json;
using Appliance.Providers.Brain;

namespace Appliance.Providers.Tests.Brain;

public sealed class BrainResponseReaderTests
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    private const string Decision = """
        {"action":"transfer","node_id":"n","system_prompt":"p","tools":[{"name":"t","description":"d","parameters":{"type":"object"}}],
         "say":"s","collected_vars":{"a":[1,{"b":null}]},"finished":true,"result":{"r":"x"},"transfer_to":"sip:a@b","dtmf":"1#"}
        """;

    private const string Session = """
        {"system_prompt":"p","tools":[{"name":"t","parameters":{"type":"object"}}],"node_id":"n","collected_vars":{"a":1},"say":"hi"}
        """;

    [Fact]
    public void Every_proper_prefix_of_a_decision_is_rejected_without_throwing()
    {
        byte[] body = Encoding.UTF8.GetBytes(Decision);
        for (int length = 0; length < body.Length; length++)
        {
            Assert.False(BrainResponseReader.TryReadDecision(body.AsSpan(0, length), "n0", Empty, out _, out string reason), $"prefix {length}");
            Assert.NotEmpty(reason);
        }

        Assert.True(BrainResponseReader.TryReadDecision(body, "n0", Empty, out BrainDecision decision, out _));
        Assert.Equal("""{"r":"x"}""", decision.ResultJson);
        Assert.Equal("1#", decision.Dtmf);
    }

    [Fact]
    public void Every_proper_prefix_of_a_session_is_rejected_without_throwing()
    {
        byte[] body = Encoding.UTF8.GetBytes(Session);
        for (int length = 0; length < body.Length; length++)
        {
            Assert.False(BrainResponseReader.TryReadSession(body.AsSpan(0, length), Empty, out _, out _), $"prefix {length}");
        }

        Assert.True(BrainResponseReader.TryReadSession(body, Empty, out BrainSession session, out _));
        Assert.Equal("hi", session.Say);
    }

    [Fact]
    public void Random_byte_flips_never_throw()
    {
        var random = new Random(1234);
        byte[] original = Encoding.UTF8.GetBytes(Decision);
        for (int i = 0; i < 5000; i++)
        {
            byte[] body = (byte[])original.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }

            if (BrainResponseReader.TryReadDecision(body, "n0", Empty, out BrainDecision decision, out _))
            {
                // Whatever was accepted is usable: valid JSON result, object variables.
                using JsonDocument result = JsonDocument.Parse(decision.ResultJson);
                Assert.Equal(JsonValueKind.Object, decision.CollectedVariables.ValueKind);
            }
        }
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        byte[] body = """{"action":"stay","future_field":{"x":1},"node_id":"n"}"""u8.ToArray();

        Assert.True(BrainResponseReader.TryReadDecision(body, "n0", Empty, out BrainDecision decision, out _));
        Assert.Equal(BrainAction.Stay, decision.Action);
    }

    [Fact]
    public void A_null_result_reads_as_the_default_ok()
    {
        byte[] body = """{"action":"stay","result":null,"collected_vars":null}"""u8.ToArray();

        Assert.True(BrainResponseReader.TryReadDecision(body, "n0", Empty, out BrainDecision decision, out _));
        Assert.Equal("""{"ok":true}""", decision.ResultJson);
        Assert.Equal("{}", decision.CollectedVariables.GetRawText());
        Assert.Equal("n0", decision.NodeId);
    }
}
