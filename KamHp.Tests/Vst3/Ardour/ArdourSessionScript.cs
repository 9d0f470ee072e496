namespace KamHp.Tests.Vst3.Ardour;

/// <summary>
/// The ardour7-lua script of the Ardour test. It records a few seconds of the Dummy backend's pink noise into a stereo
/// track (that recording is the test input, read back from the session), inserts KamHp on the track with strict I/O,
/// prints what Ardour sees (parameters, latency) on lines starting with "KAMHP", and saves one snapshot per setting for
/// ardour7-export to render. Placeholders: @DIR@ (session folder), @NAME@ (session name).
/// </summary>
internal static class ArdourSessionScript
{
    public const string Text = """
        io.stdout:setvbuf("no")
        local function out(...)
          local t = table.pack(...)
          for i = 1, t.n do t[i] = tostring(t[i]) end
          print("KAMHP|" .. table.concat(t, "|", 1, t.n))
        end
        local backend = AudioEngine:set_backend("None (Dummy)", "", "")
        backend:set_device_name("Pink Noise")
        assert(create_session("@DIR@", "@NAME@", 48000), "create_session failed")

        -- Record the input: the track's inputs are auto-connected to the Dummy backend's generators.
        local track = Session:new_audio_track(2, 2, nil, 1, "Source", ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true):front()
        track:rec_enable_control():set_value(1, PBD.GroupControlDisposition.NoGroup)
        Session:maybe_enable_record(false)
        ARDOUR.LuaAPI.usleep(200000)
        Session:request_roll(ARDOUR.TransportRequestSource.TRS_UI)
        -- Roll until 1.5 s of audio are recorded (not 1.5 s of wall time: a loaded machine starts the roll late).
        local waited = 0
        while Session:transport_sample() < 72000 and waited < 300 do
          ARDOUR.LuaAPI.usleep(100000)
          waited = waited + 1
        end
        Session:request_stop(false, false, ARDOUR.TransportRequestSource.TRS_UI)
        ARDOUR.LuaAPI.usleep(500000)
        track:rec_enable_control():set_value(0, PBD.GroupControlDisposition.NoGroup)
        Session:disable_record(false, false)
        for r in track:playlist():region_list():iter() do out("region", r:position():samples(), r:length():samples()) end

        -- The plugin, as a user inserts it (strict I/O: the track stays stereo; KamHp's aux outputs stay unused).
        track:set_strict_io(true)
        local proc = ARDOUR.LuaAPI.new_plugin(Session, "KamHp", ARDOUR.PluginType.VST3, "")
        assert(not proc:isnil(), "KamHp not found by Ardour")
        assert(track:add_processor_by_index(proc, 0, nil, true) == 0, "add_processor failed")
        local pi = proc:to_insert()
        local plug = pi:plugin(0)
        local idx = {}
        for i = 0, plug:parameter_count() - 1 do
          idx[plug:parameter_label(i)] = i
          out("param", i, plug:parameter_label(i))
        end
        out("outputs", track:n_outputs():n_audio(), pi:output_streams():n_audio())
        ARDOUR.LuaAPI.usleep(300000)
        out("latency", pi:signal_latency())

        local function set(label, value)
          assert(idx[label], "no parameter " .. label)
          ARDOUR.LuaAPI.set_processor_param(proc, idx[label], value)
        end
        local function snapshot(name)
          ARDOUR.LuaAPI.usleep(300000) -- let the process thread apply the values before the state is saved
          Session:save_state(name, false, false, false, false, false)
          out("snapshot", name)
        end

        snapshot("null")
        set("Output", 1) snapshot("harmonic")
        set("Output", 2) snapshot("percussive")
        set("Output", 0) set("Bypass", 1) snapshot("bypass")
        set("Bypass", 0)

        -- Latency change: Live mode. The processor reports the latency it needs through its read-only Latency
        -- parameter; reading that parameter hands the value to the controller (what Ardour's GUI does on its timer),
        -- which asks Ardour to restart; Ardour then asks for the latency again.
        set("Latency mode", 0)
        ARDOUR.LuaAPI.usleep(300000)
        out("reported", ARDOUR.LuaAPI.get_processor_param(proc, idx["Latency"], true))
        ARDOUR.LuaAPI.usleep(300000)
        out("latency-after-change", pi:signal_latency())
        snapshot("live")
        close_session()
        out("done")
        """;
}
