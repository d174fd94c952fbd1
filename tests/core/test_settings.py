import pytest

from core.errors import UserError
from core.settings import load_settings


def test_defaults_follow_domain_md(monkeypatch):
    monkeypatch.delenv("DVM_CONFIG", raising=False)
    s = load_settings()
    assert (s.telephony.answer_norm_s, s.telephony.short_abandon_s) == (30, 5)
    assert s.norms["tel_servicelevel_pct"].target == 80 and s.norms["tel_verloren_pct"].direction == "<="
    assert {q.gemeente for q in s.queues} == {"Losser", "Enschede"}


def test_toml_then_environment_then_flags(tmp_path, monkeypatch):
    cfg = tmp_path / "dvm.toml"
    cfg.write_text(
        'home = "/from/toml"\n[telephony]\nanswer_norm_s = 20\nshort_abandon_s = 3\n'
        '[[queues]]\nname = "AB-KCC"\ngemeente = "Anonymous Bank"\nline = 1\nteam = "KCC"\n'
    )
    monkeypatch.setenv("DVM_TELEPHONY__SHORT_ABANDON_S", "7")
    s = load_settings(cfg, home=tmp_path / "flag")
    assert s.telephony.answer_norm_s == 20  # TOML
    assert s.telephony.short_abandon_s == 7  # environment beats TOML
    assert s.home == tmp_path / "flag"  # flag beats all
    assert [q.name for q in s.queues] == ["AB-KCC"]  # the TOML list replaces the defaults


def test_config_from_environment_variable(tmp_path, monkeypatch):
    cfg = tmp_path / "dvm.toml"
    cfg.write_text("[telephony]\nanswer_norm_s = 45\n")
    monkeypatch.setenv("DVM_CONFIG", str(cfg))
    assert load_settings().telephony.answer_norm_s == 45


@pytest.mark.parametrize(
    ("toml", "fragment"),
    [
        ("[[queues]]\nname = 'X'\ngemeente = 'Losser'\nline = 3\nteam = 'KCC'\n", "queues.0.line"),
        ("[norms.tel_onbekend]\ntarget = 1\ndirection = '>='\n", "norm voor onbekende KPI"),
        ("typo_key = 1\n", "typo_key"),
        # a key of a table written at the top: the table's key is suggested with its table
        ("answer_norm = 20\n", "onbekende sleutel 'answer_norm'; bedoelt u 'telephony.answer_norm_s'?"),
        ("[telephony]\nanswer_norm = 20\n", "onbekende sleutel 'telephony.answer_norm'; bedoelt u 'answer_norm_s'?"),
        ("[telephony\n", "geen geldige TOML"),
    ],
)
def test_bad_configuration_is_a_user_error_naming_the_problem(tmp_path, toml, fragment):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(toml)
    with pytest.raises(UserError, match="configura") as err:
        load_settings(cfg)
    assert fragment in str(err.value)


def test_missing_config_file(tmp_path):
    with pytest.raises(UserError, match="bestaat niet"):
        load_settings(tmp_path / "nope.toml")


def test_the_gemeenten_default_to_those_of_the_queues_in_their_order(tmp_path):
    cfg = tmp_path / "dvm.toml"
    cfg.write_text(
        "[[queues]]\nname = 'B'\ngemeente = 'Losser'\nline = 1\nteam = 'KCC'\n"
        "[[queues]]\nname = 'A'\ngemeente = 'Enschede'\nline = 1\nteam = 'KCC'\n"
        "[[queues]]\nname = 'C'\ngemeente = 'Losser'\nline = 2\nteam = 'KCC'\n"
    )
    assert load_settings(cfg).gemeenten == ["Losser", "Enschede"]


@pytest.mark.parametrize(
    ("gemeenten", "fragment"),
    [
        ('["Losser", "Losser"]', "gemeente dubbel ingesteld: 'Losser'"),
        ('["  "]', "gemeente '  ' is geen naam"),
        ('["Los\\u0000ser"]', "gemeente 'Los\\x00ser' is geen naam"),
        ('["Los\\nser"]', "gemeente 'Los\\nser' is geen naam"),
        (f'["{"L" * 81}"]', "is geen naam"),
        # two names, one folder: A/B and A_B both become 'A_B'; 'Losser' and 'losser' differ only in case
        ('["A/B", "A_B"]', "gemeenten 'A/B' en 'A_B' krijgen dezelfde mapnaam 'A_B'"),
        ('["Losser", "losser"]', "gemeenten 'Losser' en 'losser' krijgen dezelfde mapnaam 'losser'"),
        ('["Enschede"]', "wachtrijen voor 'Losser', maar die staan niet in gemeenten ('Enschede')"),
    ],
)
def test_gemeenten_are_plain_distinct_names_each_with_its_own_folder(tmp_path, gemeenten, fragment):
    cfg = tmp_path / "dvm.toml"
    queues = "[[queues]]\nname = 'X'\ngemeente = 'Losser'\nline = 1\nteam = 'KCC'\n"
    cfg.write_text(f"gemeenten = {gemeenten}\n" + (queues if "wachtrijen" in fragment else "queues = []\n"))
    with pytest.raises(UserError) as caught:
        load_settings(cfg)
    assert fragment in str(caught.value)


def test_recipients_per_gemeente_name_only_configured_gemeenten(tmp_path):
    # 'Hengelo' is not in gemeenten: said with the configured ones, as for the queues and [[zgw]]
    cfg = tmp_path / "dvm.toml"
    cfg.write_text(
        'gemeenten = ["Losser", "Enschede"]\nqueues = []\n'
        '[delivery.recipients_per_gemeente]\nLosser = ["a@losser.invalid"]\nHengelo = ["b@hengelo.invalid"]\n'
    )
    with pytest.raises(UserError) as caught:
        load_settings(cfg)
    assert (
        "delivery.recipients_per_gemeente noemt 'Hengelo', maar die staan niet in gemeenten ('Losser' en 'Enschede')"
        in str(caught.value)
    )


def test_the_figure_context_and_texts_are_built_once_per_settings_and_again_for_a_changed_copy(tmp_path):
    from core.settings import Settings

    s = Settings(home=tmp_path)
    assert s.figure_context() is s.figure_context() and s.texts() is s.texts()  # one run, one of each
    assert s == Settings(home=tmp_path)  # what it derived is no part of the settings
    # a copy with another norm computes and says the norm it has, not the one its original had
    changed = s.model_copy(update={"telephony": s.telephony.model_copy(update={"answer_norm_s": 20})})
    assert (s.figure_context().answer_norm_s, changed.figure_context().answer_norm_s) == (30, 20)
    assert "20" in changed.texts()["tel_servicelevel_pct"].label and "30" in s.texts()["tel_servicelevel_pct"].label
    assert s.model_copy().figure_context() == s.figure_context()
