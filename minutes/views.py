from django.http import HttpResponse


def meeting_list(request):
    return HttpResponse("")


def meeting_detail(request, pk):
    return HttpResponse("")


def meeting_pdf(request, pk):
    return HttpResponse("")
