using System.Text;
using Appliance.Providers.Realtime;
using Appliance.Providers.Tests.Realtime.Fakes;
using Appliance.Providers.Tests.Realtime.Harness;

namespace Appliance.Providers.Tests.Realtime;

/// <summary>Every prefix and thousands of byte-mutations of valid server events: never an exception, never the call's end.</summary>
public sealed class MalformedInputFuzzTests
{
    private static readonly string[] OpenAiEvents =
    [
        """{"type":"response.output_audio.delta","event_id":"e1","response_id":"r1","item_id":"item_A1","output_index":0,"content_index":0,"delta":"AAABAAIAAwA="}""",
        """{"type":"response.output_audio.delta","item_id":"item_A1","delta":"AAAB\/AIAAwA="}""",
        """{"type":"input_audio_buffer.speech_started","event_id":"e2","audio_start_ms":1200,"item_id":"item_U1"}""",
        """{"type":"response.function_call_arguments.done","response_id":"r2","item_id":"i","output_index":0,"call_id":"c1","name":"lookup_order","arguments":"{\"a\":1}"}""",
        """{"type":"response.done","response":{"id":"r2","status":"completed","usage":{"total_tokens":3,"input_tokens":1,"output_tokens":2,"input_token_details":{"text_tokens":1},"output_token_details":{"audio_tokens":2}}}}""",
        """{"type":"error","error":{"type":"invalid_request_error","code":"x","message":"m"}}""",
        """{"type":"conversation.item.input_audio_transcription.completed","item_id":"item_U1","transcript":"hi"}""",
    ];

    private static readonly string[] GeminiMessages =
    [
        """{"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":"AAABAAIAAwA="}}]}}}""",
        """{"serverContent":{"turnComplete":true},"usageMetadata":{"promptTokenCount":3,"responseTokenCount":2,"promptTokensDetails":[{"modality":"AUDIO","tokenCount":3}]}}""",
        """{"serverContent":{"interrupted":true}}""",
        """{"toolCall":{"functionCalls":[{"id":"f1","name":"lookup_order","args":{"order":"1"}}]}}""",
        """{"sessionResumptionUpdate":{"newHandle":"h","resumable":true}}""",
        """{"serverContent":{"outputTranscription":{"text":"hel\u006Co"}}}""",
    ];

    [Fact]
    public async Task OpenAi_agent_survives_prefixes_and_mutations() => await FuzzAsync(new FakeOpenAiRealtimeServer { AnswerSetup = false }, "openai", OpenAiEvents);

    [Fact]
    public async Task Gemini_agent_survives_prefixes_and_mutations() => await FuzzAsync(new FakeGeminiLiveServer { AnswerSetup = false }, "gemini", GeminiMessages);

    private static async Task FuzzAsync(FakeRealtimeServer server, string provider, string[] messages)
    {
        await using (server)
        {
            await server.StartAsync();
            await using AgentHarness call = await AgentHarness.StartAsync(
                new RealtimeAgentOptions { Provider = provider, Model = "m", Endpoint = server.BaseUri, Tools = [new RealtimeToolOptions { Name = "lookup_order" }], EnableEndCall = false, SetupTimeout = TimeSpan.FromMinutes(1) },
                services: new RealtimeAgentServices { ToolHandler = new RecordingToolHandler("{}") });

            // The server never confirms the setup, so the agent's own receive loop stays idle while the test feeds it.
            await server.WaitForAsync(m => m.TryGetProperty("setup", out _) || m.TryGetProperty("type", out _));
            var random = new Random(1234);
            int handled = 0;
            foreach (string message in messages)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(message);
                for (int length = 0; length <= bytes.Length; length++)
                {
                    call.Agent.Dispatch(bytes.AsSpan(0, length));
                    handled++;
                }

                for (int i = 0; i < 500; i++)
                {
                    byte[] mutated = (byte[])bytes.Clone();
                    for (int flips = random.Next(1, 4); flips > 0; flips--)
                    {
                        mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                    }

                    call.Agent.Dispatch(mutated);
                    handled++;
                }
            }

            call.Play(200);
            Assert.True(handled > 3000);
            Assert.False(call.Completion.IsCompleted);
            Assert.Null(call.Agent.EndReason);
        }
    }
}
