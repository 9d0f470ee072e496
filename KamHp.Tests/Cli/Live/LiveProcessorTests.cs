using AudioPlugSharp.KamHp.Parameters;
using AudioPlugSharp.KamHp.Processing;
using AudioPlugSharp.KamHp.State;
using KamHp.Cli.Live;
using KamHp.Tests.Plugin;

namespace KamHp.Tests.Cli.Live;

/// <summary>The process callback's body without JACK: MIDI at its frame, terminal requests, no allocation.</summary>
public sealed class LiveProcessorTests
{
    private const double SampleRateHz = 48000;
    private const int Period = 256;

    [Fact]
    public void Process_BalanceCc_TakesEffectAtTheEventsFrame_ThenMixEqualsPercussive()
    {
        var live = Active(new MidiMapping());
        var eventSample = live.LatencySamples + (40 * Period) + 100;
        var run = new Run(live, (eventSample + 9000) / Period * Period, seed: 1);
        run.Play(sample => sample == eventSample ? MidiMessage.ControlChange(sample % Period, 1, 1, 0) : null);

        var latency = live.LatencySamples;
        for (var i = latency; i < eventSample; i++)
        {
            Assert.Equal(run.Left[i - latency], run.Mix[i]);   // at the centre the mix is the delayed input, bit for bit
        }

        // The change starts at the event's own sample (the engine's smoothing moves the gains from there) ...
        Assert.NotEqual(run.Left[eventSample - latency], run.Mix[eventSample]);

        // ... and once the smoothing has settled (5 ms time constant, snapped within 1e-6) the mix is the percussive part.
        for (var i = eventSample + 5000; i < run.Mix.Length; i++)
        {
            Assert.Equal(run.Percussive[i], run.Mix[i]);
        }

        Assert.Equal(-100, live.GetPlain(ParameterId.Balance));
    }

    [Fact]
    public void Process_CcOnAnotherChannel_IsIgnored_WhenAChannelIsSet()
    {
        var live = Active(new MidiMapping { Channel = 2 });
        Period1(live, MidiMessage.ControlChange(10, 1, 1, 0));
        Assert.Equal(0, live.GetPlain(ParameterId.Balance));
        Period1(live, MidiMessage.ControlChange(10, 2, 1, 127));
        Assert.Equal(100, live.GetPlain(ParameterId.Balance));
    }

    [Fact]
    public void Process_LevelCcs_FollowTheDocumentedLaw()
    {
        var live = Active(new MidiMapping());
        Period1(live, MidiMessage.ControlChange(0, 1, 16, 100), MidiMessage.ControlChange(1, 1, 17, 0));
        Assert.Equal(0.0, live.GetPlain(ParameterId.HarmonicLevel), 12);
        Assert.Equal(double.NegativeInfinity, live.GetPlain(ParameterId.PercussiveLevel));
        Period1(live, MidiMessage.ControlChange(0, 1, 16, 127));
        Assert.Equal(FaderLaw.MaxDb, live.GetPlain(ParameterId.HarmonicLevel), 12);
    }

    [Fact]
    public void Process_BypassNoteAndCc_Toggle_OnPressOnly()
    {
        var live = Active(new MidiMapping { BypassNote = 60 });
        Period1(live, MidiMessage.NoteOn(5, 1, 60, 100));
        Assert.Equal(1, live.GetPlain(ParameterId.Bypass));
        Period1(live, MidiMessage.NoteOn(5, 1, 60, 0));           // note-on with velocity 0 is a note-off
        Assert.Equal(1, live.GetPlain(ParameterId.Bypass));
        Period1(live, MidiMessage.ControlChange(5, 1, 18, 127));  // button pressed: toggles back
        Assert.Equal(0, live.GetPlain(ParameterId.Bypass));
        Period1(live, MidiMessage.ControlChange(5, 1, 18, 127));  // still held: nothing
        Assert.Equal(0, live.GetPlain(ParameterId.Bypass));
        Period1(live, MidiMessage.ControlChange(5, 1, 18, 0), MidiMessage.ControlChange(9, 1, 18, 127));
        Assert.Equal(1, live.GetPlain(ParameterId.Bypass));
    }

    [Fact]
    public void Learn_TakesTheNextControllerThatMoves_AndIgnoresTheDefaultUntilThen()
    {
        var live = new LiveProcessor(PluginState.Default, new MidiMapping(), learn: true);
        live.Activate(SampleRateHz, Period);
        Period1(live, MidiMessage.ControlChange(0, 1, 1, 0));      // the default balance CC: not yet
        Period1(live, MidiMessage.ControlChange(0, 1, 7, 90));     // one message: not a movement
        Assert.True(live.Midi.IsLearning);
        Assert.Equal(0, live.GetPlain(ParameterId.Balance));

        Period1(live, MidiMessage.ControlChange(0, 1, 7, 90), MidiMessage.ControlChange(3, 1, 7, 0));
        Assert.False(live.Midi.IsLearning);
        Assert.Equal(7, live.Midi.BalanceController);
        Assert.Equal(-100, live.GetPlain(ParameterId.Balance));
        Period1(live, MidiMessage.ControlChange(0, 1, 1, 127));    // the old one no longer moves it
        Assert.Equal(-100, live.GetPlain(ParameterId.Balance));
    }

    [Fact]
    public void TerminalRequests_MoveTheBalance_AtTheNextPeriod()
    {
        var live = Active(new MidiMapping());
        LiveRunner.NudgeBalance(live, 5);
        Assert.Equal(0, live.GetPlain(ParameterId.Balance));
        Period1(live);
        Assert.Equal(5, live.GetPlain(ParameterId.Balance), 9);
        LiveRunner.NudgeBalance(live, -1);
        LiveRunner.ToggleBypass(live);
        Period1(live);
        Assert.Equal(4, live.GetPlain(ParameterId.Balance), 9);
        Assert.Equal(1, live.GetPlain(ParameterId.Bypass));
        LiveRunner.CentreBalance(live);
        Period1(live);
        Assert.Equal(0, live.GetPlain(ParameterId.Balance));
    }

    [Fact]
    public void TerminalRequests_FasterThanThePeriods_AddUp()
    {
        var live = Active(new MidiMapping());
        LiveRunner.NudgeBalance(live, 5);
        LiveRunner.NudgeBalance(live, 5);
        LiveRunner.NudgeBalance(live, -1);
        LiveRunner.ToggleBypass(live);
        LiveRunner.ToggleBypass(live);
        LiveRunner.ToggleBypass(live);
        Period1(live);
        Assert.Equal(9, live.GetPlain(ParameterId.Balance), 9);
        Assert.Equal(1, live.GetPlain(ParameterId.Bypass));

        // Once taken, the processor's value counts again (a MIDI move in between is not overwritten by a stale target).
        Period1(live, MidiMessage.ControlChange(0, 1, 1, 0));
        LiveRunner.NudgeBalance(live, 5);
        Period1(live);
        Assert.Equal(-95, live.GetPlain(ParameterId.Balance), 9);
    }

    [Fact]
    public void Process_AllocatesNothing_WithMidiAndTerminalRequests()
    {
        var live = Active(new MidiMapping { BypassNote = 60 });
        var (left, right) = TestSignals.Music(Period * 4000, SampleRateHz, 3);
        var outputs = new float[6][];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = new float[Period];
        }

        var midi = new MidiMessage[4];
        void Periods(int from, int to)
        {
            for (var p = from; p < to; p++)
            {
                midi[0] = MidiMessage.ControlChange(p % Period, 1, 1, p % 128);
                midi[1] = MidiMessage.ControlChange((p * 7) % Period, 1, 16, (p * 3) % 128);
                midi[2] = MidiMessage.NoteOn(Period - 1, 1, 60, p % 50 == 0 ? 100 : 0);
                midi[3] = MidiMessage.ControlChange(Period - 1, 1, 17, 100);
                if (p % 10 == 0)
                {
                    LiveRunner.NudgeBalance(live, 1);
                }

                var block = new AudioBlock
                {
                    InputLeft = left.AsSpan(p * Period, Period), InputRight = right.AsSpan(p * Period, Period),
                    MainLeft = outputs[0], MainRight = outputs[1], HarmonicLeft = outputs[2], HarmonicRight = outputs[3],
                    PercussiveLeft = outputs[4], PercussiveRight = outputs[5],
                };
                live.Process(block, Period, midi);
            }
        }

        Periods(0, 3000);   // warm-up: tiered JIT, first use of every path
        var before = GC.GetAllocatedBytesForCurrentThread();
        Periods(3000, 4000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // NudgeBalance runs on the display thread in the program; it is inside the measured loop here, so it must not
        // allocate either (it does not: one boxed-free post into a fixed ring).
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ParameterSteps_ManyStepsInOnePeriod_KeepTheLastValue()
    {
        var values = new double[ParameterTable.Count];
        PluginState.Default.CopyTo(values);
        var steps = new ParameterSteps(values);
        var balance = ParameterTable.IndexOf(ParameterId.Balance);
        for (var i = 0; i < ParameterSteps.PointsPerParameter * 2; i++)
        {
            steps.Step(balance, i % Period, (i % 100) / 100.0);
        }

        steps.Step(balance, 3, 0.875);   // earlier frame than the last step: clamped up, not reordered
        Assert.Equal(1, steps.QueueCount);
        var count = steps.GetPointCount(0);
        Assert.Equal(ParameterSteps.PointsPerParameter, count);
        Assert.True(steps.TryGetPoint(0, count - 1, out _, out var last));
        Assert.Equal(0.875, last);
        var previous = 0;
        for (var p = 0; p < count; p++)
        {
            Assert.True(steps.TryGetPoint(0, p, out var offset, out _));
            Assert.True(offset >= previous);
            previous = offset;
        }

        Assert.False(steps.TryGetPoint(0, count, out _, out _));
    }

    private static LiveProcessor Active(MidiMapping mapping)
    {
        var live = new LiveProcessor(PluginState.Default.WithPlain(ParameterId.LatencyMode, (double)KamHp.Dsp.LatencyMode.Live), mapping, learn: false);
        live.Activate(SampleRateHz, Period);
        return live;
    }

    /// <summary>One period of silence with the given messages.</summary>
    private static void Period1(LiveProcessor live, params MidiMessage[] midi)
    {
        var silence = new float[Period];
        var outputs = new float[6 * Period];
        live.Process(new AudioBlock
        {
            InputLeft = silence, InputRight = silence,
            MainLeft = outputs.AsSpan(0, Period), MainRight = outputs.AsSpan(Period, Period),
            HarmonicLeft = outputs.AsSpan(2 * Period, Period), HarmonicRight = outputs.AsSpan(3 * Period, Period),
            PercussiveLeft = outputs.AsSpan(4 * Period, Period), PercussiveRight = outputs.AsSpan(5 * Period, Period),
        }, Period, midi);
    }

    /// <summary>Music through the processor in periods, left channel outputs kept.</summary>
    private sealed class Run(LiveProcessor live, int length, int seed)
    {
        private readonly float[] _right = TestSignals.Music(length, SampleRateHz, seed).Right;

        public float[] Left { get; } = TestSignals.Music(length, SampleRateHz, seed).Left;

        public float[] Mix { get; } = new float[length];

        public float[] Percussive { get; } = new float[length];

        public void Play(Func<int, MidiMessage?> midiAt)
        {
            var scratch = new float[3 * Period];
            var messages = new List<MidiMessage>();
            for (var start = 0; start + Period <= Left.Length; start += Period)
            {
                messages.Clear();
                for (var i = start; i < start + Period; i++)
                {
                    if (midiAt(i) is { } m)
                    {
                        messages.Add(m);
                    }
                }

                live.Process(new AudioBlock
                {
                    InputLeft = Left.AsSpan(start, Period), InputRight = _right.AsSpan(start, Period),
                    MainLeft = Mix.AsSpan(start, Period), MainRight = scratch.AsSpan(0, Period),
                    HarmonicLeft = scratch.AsSpan(Period, Period), HarmonicRight = scratch.AsSpan(2 * Period, Period),
                    PercussiveLeft = Percussive.AsSpan(start, Period), PercussiveRight = default,
                }, Period, messages.ToArray());
            }
        }
    }
}
