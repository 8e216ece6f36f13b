from django import forms
from django.utils.translation import gettext_lazy as _


class YouthRegistrationForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=9,
        help_text=_("Only when needed. Links this youth to records from other imports."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class YouthSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or pseudonymous id"), required=False, max_length=100)
